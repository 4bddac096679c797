package org.watchtray.core.kerberos;

import java.time.Duration;
import java.time.Instant;

/** The credential event for a ticket, with whether it can be renewed and why not. */
final class TicketEvents {
    private TicketEvents() {
    }

    /** {@code failure}, when not null, is the reason shown instead of the ticket's own (a failed renewal). */
    static CredentialEvent of(CredentialEvent.Change change, Ticket t, Duration lead, Instant now, String failure) {
        boolean renewable = change != CredentialEvent.Change.DESTROYED && t.renewable(now);
        String reason = failure != null ? failure
                : renewable || change == CredentialEvent.Change.DESTROYED ? "" : t.whyNotRenewable(now).orElse("");
        return new CredentialEvent(now, change, t.principal(), t.cache(), t.endTime(), t.renewUntil(), renewable, lead, reason);
    }
}
