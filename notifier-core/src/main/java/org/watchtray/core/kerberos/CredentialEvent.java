package org.watchtray.core.kerberos;

import org.watchtray.core.event.Change;
import org.watchtray.core.event.Details;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A Kerberos ticket-granting ticket changed state: acquired, renewed, expiring, expired, gone. */
public record CredentialEvent(Instant time, Change change, String principal, String cache,
                              Instant endTime, Instant renewUntil, boolean renewable,
                              Duration lead, String reason) implements Event {

    public enum Change implements org.watchtray.core.event.Change {
        ACQUIRED("acquired", Severity.INFO),
        RENEWED("renewed", Severity.INFO),
        EXPIRES_SOON("expires_soon", Severity.WARNING),
        EXPIRED("expired", Severity.CRITICAL),
        DESTROYED("destroyed", Severity.NOTICE),
        RENEW_FAILED("renew_failed", Severity.WARNING);

        private final String wireName;
        private final Severity severity;

        Change(String wireName, Severity severity) {
            this.wireName = wireName;
            this.severity = severity;
        }

        @Override
        public String wireName() {
            return wireName;
        }

        @Override
        public Severity severity() {
            return severity;
        }
    }

    public CredentialEvent {
        reason = reason == null ? "" : reason;
    }

    @Override
    public SourceId source() {
        return SourceId.KERBEROS;
    }

    @Override
    public Severity severity() {
        // The last warning before expiry is more urgent than the first.
        if (change == Change.EXPIRES_SOON && lead != null && lead.compareTo(Duration.ofMinutes(5)) <= 0) {
            return Severity.CRITICAL;
        }
        return change.severity();
    }

    @Override
    public String name() {
        return "kerberos." + change.wireName();
    }

    @Override
    public String subject() {
        return principal;
    }

    @Override
    public Map<String, Object> details() {
        return Details.of()
                .put("principal", principal)
                .put("cache", cache)
                .put("end_time", endTime)
                .put("renew_until", renewUntil)
                .put("renewable", renewable)
                .put("lead", lead)
                .put("reason", reason.isEmpty() ? null : reason)
                .asMap();
    }
}
