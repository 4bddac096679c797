package org.watchtray.core.kerberos;

import org.watchtray.core.event.Change;
import org.watchtray.core.event.EventShape;
import org.watchtray.core.event.Field;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
        return SHAPE.details(this);
    }

    // The one list of this event's fields: details, the history and any record codec use it.
    static final Field<CredentialEvent, String> PRINCIPAL = Field.text("principal", CredentialEvent::principal);
    static final Field<CredentialEvent, String> CACHE = Field.text("cache", CredentialEvent::cache).optional();
    static final Field<CredentialEvent, Instant> END_TIME = Field.instant("end_time", CredentialEvent::endTime).optional();
    static final Field<CredentialEvent, Instant> RENEW_UNTIL = Field.instant("renew_until", CredentialEvent::renewUntil).optional();
    static final Field<CredentialEvent, Boolean> RENEWABLE = Field.flag("renewable", CredentialEvent::renewable);
    static final Field<CredentialEvent, Duration> LEAD = Field.duration("lead", CredentialEvent::lead).optional();
    static final Field<CredentialEvent, String> REASON = Field.text("reason", CredentialEvent::reason).absentAs("");

    public static final EventShape<CredentialEvent> SHAPE = EventShape.of(CredentialEvent.class, "kerberos", Change.class,
            List.of(PRINCIPAL, CACHE, END_TIME, RENEW_UNTIL, RENEWABLE, LEAD, REASON),
            v -> new CredentialEvent(v.time(), v.change(Change.class), v.get(PRINCIPAL), v.get(CACHE), v.get(END_TIME),
                    v.get(RENEW_UNTIL), v.get(RENEWABLE), v.get(LEAD), v.get(REASON)));
}
