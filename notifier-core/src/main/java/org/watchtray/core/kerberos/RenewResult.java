package org.watchtray.core.kerberos;

import org.watchtray.core.event.Text;

/** What a renewal request did, in words a toast or the command line can show as they are. */
public sealed interface RenewResult {

    /** One line for the user. */
    String message();

    default boolean succeeded() {
        return this instanceof Renewed;
    }

    /** The KDC renewed the ticket and the new one was stored back into its cache. */
    record Renewed(Ticket before, Ticket after) implements RenewResult {
        @Override
        public String message() {
            return "Renewed the Kerberos ticket for " + Text.visible(after.principal()) + " in " + Text.visible(after.cache())
                    + ": valid until " + Text.time(after.endTime()) + " (was " + Text.time(before.endTime()) + ")";
        }
    }

    /** There is a ticket, but renewing it is not possible (not renewable, horizon passed, expired). */
    record NotRenewable(Ticket ticket, String reason) implements RenewResult {
        @Override
        public String message() {
            return "The Kerberos ticket for " + Text.visible(ticket.principal()) + " cannot be renewed: " + Text.visible(reason);
        }
    }

    /** No ticket matched the request. */
    record NoTicket(String principal, String reason) implements RenewResult {
        @Override
        public String message() {
            return (principal == null ? "No Kerberos ticket to renew" : "No Kerberos ticket for " + Text.visible(principal))
                    + ": " + Text.visible(reason);
        }
    }

    /** libkrb5 or the KDC refused or could not be reached. */
    record Failed(Ticket ticket, String reason) implements RenewResult {
        @Override
        public String message() {
            return "Renewing the Kerberos ticket for " + Text.visible(ticket.principal()) + " failed: " + Text.visible(reason);
        }
    }
}
