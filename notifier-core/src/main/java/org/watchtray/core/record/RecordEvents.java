package org.watchtray.core.record;

import java.time.Clock;
import java.util.Optional;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;

/**
 * Turns decoded records into events. Kernel records carry no time, so they are stamped with
 * the clock when mapped; agent records keep the time the agent wrote. Agent greetings,
 * snapshot markers and session protocols are protocol, not events, and readings are facts to
 * decide from, not events: they map to nothing.
 */
public final class RecordEvents {
    private final Clock clock;
    private final SourceId queueOwner;

    /**
     * @param queueOwner the source whose kernel queue the records came from: a kernel loss or
     *                   a malformed record is attributed to it
     */
    public RecordEvents(Clock clock, SourceId queueOwner) {
        this.clock = clock;
        this.queueOwner = queueOwner;
    }

    public Optional<Event> toEvent(WatchRecord record) {
        return Optional.ofNullable(switch (record) {
            case WatchRecord.KeyNotification k -> new KeyEvent(clock.instant(), keyChange(k.subtype()), k.keySerial(), "", "",
                    k.subtype() == WatchTypes.KEY_LINKED || k.subtype() == WatchTypes.KEY_UNLINKED ? k.aux() : 0,
                    null, KeyEvent.Origin.NOTIFICATION_QUEUE, k.raw());
            case WatchRecord.Removal r -> new KeyEvent(clock.instant(), KeyEvent.Change.REMOVED, (int) r.objectId().orElse(0),
                    "", "", 0, null, KeyEvent.Origin.NOTIFICATION_QUEUE, r.raw());
            case WatchRecord.Loss l -> new LossEvent(clock.instant(), queueOwner, -1, "kernel notification queue overflowed");
            case WatchRecord.AgentEvent a -> a.event();
            case WatchRecord.AgentHello h -> null;
            case WatchRecord.SnapshotMarker m -> null;
            case WatchRecord.SessionProtocol p -> null;
            case WatchRecord.AgentReading r -> null;
            case WatchRecord.Unknown u -> new DecodeProblem(clock.instant(), queueOwner, u.offset(),
                    String.format("unknown record type 0x%06x subtype %d (%d bytes), skipped", u.type(), u.subtype(), u.raw().length()),
                    u.raw());
            case WatchRecord.Malformed m -> new DecodeProblem(clock.instant(), queueOwner, m.offset(),
                    m.problem() + " (" + m.length() + " bytes skipped)", m.raw());
        });
    }

    /** The key change a {@code NOTIFY_KEY_*} subtype (0–7) stands for. */
    public static KeyEvent.Change keyChange(int subtype) {
        return switch (subtype) {
            case WatchTypes.KEY_INSTANTIATED -> KeyEvent.Change.INSTANTIATED;
            case WatchTypes.KEY_UPDATED -> KeyEvent.Change.UPDATED;
            case WatchTypes.KEY_LINKED -> KeyEvent.Change.LINKED;
            case WatchTypes.KEY_UNLINKED -> KeyEvent.Change.UNLINKED;
            case WatchTypes.KEY_CLEARED -> KeyEvent.Change.CLEARED;
            case WatchTypes.KEY_REVOKED -> KeyEvent.Change.REVOKED;
            case WatchTypes.KEY_INVALIDATED -> KeyEvent.Change.INVALIDATED;
            case WatchTypes.KEY_SETATTR -> KeyEvent.Change.ATTRIBUTES_CHANGED;
            default -> throw new IllegalArgumentException("not a key notification subtype: " + subtype);
        };
    }
}
