package org.watchtray.core.keys;

import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.Change;
import org.watchtray.core.event.EventShape;
import org.watchtray.core.event.Field;
import org.watchtray.core.event.FieldType;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A change to a kernel key or keyring. {@code otherSerial} is the key linked or unlinked
 * (0 when it does not apply); {@code expiry} is the key's timeout when it has one.
 * {@code gone} says the key no longer existed when the change was read: its type and
 * description are the last ones known (or empty when it was never seen).
 *
 * <p>{@code expiryLatest} is set when the expiry is known only coarsely: /proc/keys shows the
 * time left in whole minutes, hours, days or weeks above a minute, so all that is known is that
 * the key expires between {@code expiry} (the earliest) and {@code expiryLatest}. Null when
 * {@code expiry} is exact to the second (or there is none).
 */
public record KeyEvent(Instant time, Change change, int serial, String keyType, String description,
                       int otherSerial, Instant expiry, Origin origin, Bytes raw, boolean gone,
                       Instant expiryLatest) implements Event {

    /** How the change was observed; tests and the detail pane use it to show the mechanism. */
    public enum Origin { NOTIFICATION_QUEUE, PROC_KEYS, DEADLINE }

    public enum Change implements org.watchtray.core.event.Change {
        INSTANTIATED("instantiated", Severity.INFO),
        UPDATED("updated", Severity.INFO),
        LINKED("linked", Severity.INFO),
        UNLINKED("unlinked", Severity.INFO),
        CLEARED("cleared", Severity.NOTICE),
        REVOKED("revoked", Severity.NOTICE),
        INVALIDATED("invalidated", Severity.NOTICE),
        ATTRIBUTES_CHANGED("setattr", Severity.INFO),
        ADDED("added", Severity.INFO),
        REMOVED("removed", Severity.INFO),
        EXPIRES_SOON("expires_soon", Severity.WARNING),
        EXPIRED("expired", Severity.WARNING);

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

    public KeyEvent {
        keyType = keyType == null ? "" : keyType;
        description = description == null ? "" : description;
        raw = raw == null ? Bytes.EMPTY : raw;
        if (expiry == null || (expiryLatest != null && !expiryLatest.isAfter(expiry))) {
            expiryLatest = null; // no window: exact, or no expiry at all
        }
    }

    /** A change with an exact expiry (or none). */
    public KeyEvent(Instant time, Change change, int serial, String keyType, String description,
                    int otherSerial, Instant expiry, Origin origin, Bytes raw, boolean gone) {
        this(time, change, serial, keyType, description, otherSerial, expiry, origin, raw, gone, null);
    }

    /** A change to a key that still existed when it was read. */
    public KeyEvent(Instant time, Change change, int serial, String keyType, String description,
                    int otherSerial, Instant expiry, Origin origin, Bytes raw) {
        this(time, change, serial, keyType, description, otherSerial, expiry, origin, raw, false);
    }

    @Override
    public SourceId source() {
        return SourceId.KEYS;
    }

    @Override
    public Severity severity() {
        return change.severity();
    }

    @Override
    public String name() {
        return "keys." + change.wireName();
    }

    @Override
    public String subject() {
        return Integer.toString(serial);
    }

    /** Whether the expiry is known only as a window ({@code expiry} … {@code expiryLatest}). */
    public boolean expiryApproximate() {
        return expiryLatest != null;
    }

    @Override
    public Map<String, Object> details() {
        return SHAPE.details(this);
    }

    // The one list of this event's fields: details, the history and any record codec use it.
    static final Field<KeyEvent, Integer> SERIAL = Field.int32("serial", KeyEvent::serial);
    static final Field<KeyEvent, String> TYPE = Field.text("type", KeyEvent::keyType).absentAs("");
    static final Field<KeyEvent, String> DESCRIPTION = Field.text("description", KeyEvent::description).absentAs("");
    static final Field<KeyEvent, Integer> OTHER_SERIAL = Field.int32("other_serial", KeyEvent::otherSerial).absentAs(0);
    static final Field<KeyEvent, Instant> EXPIRY = Field.instant("expiry", KeyEvent::expiry).optional();
    static final Field<KeyEvent, Instant> EXPIRY_LATEST = Field.instant("expiry_latest", KeyEvent::expiryLatest).optional();
    static final Field<KeyEvent, Origin> ORIGIN = Field.named("origin",
            FieldType.named(Origin.class, o -> o.name().toLowerCase(java.util.Locale.ROOT)), KeyEvent::origin);
    static final Field<KeyEvent, Boolean> GONE = Field.flag("gone", KeyEvent::gone).absentAs(false);

    public static final EventShape<KeyEvent> SHAPE = EventShape.of(KeyEvent.class, "keys", Change.class,
            List.of(SERIAL, TYPE, DESCRIPTION, OTHER_SERIAL, EXPIRY, EXPIRY_LATEST, ORIGIN, GONE),
            v -> new KeyEvent(v.time(), v.change(Change.class), v.get(SERIAL), v.get(TYPE), v.get(DESCRIPTION),
                    v.get(OTHER_SERIAL), v.get(EXPIRY), v.get(ORIGIN), v.raw(), v.get(GONE), v.get(EXPIRY_LATEST)));
}
