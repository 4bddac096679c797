package org.watchtray.core.keys;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.keys.KeyEvent.Change;
import org.watchtray.core.keys.KeyEvent.Origin;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.record.RecordDecoder;
import org.watchtray.core.record.RecordEvents;
import org.watchtray.core.record.WatchRecord;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;

/**
 * The preferred mechanism: a kernel notification queue with a watch on every watched keyring
 * (IDs 1..n) and on every key linked in one (ID 0), so updates, revocations and attribute
 * changes of those keys arrive as records too. Drains every readable record per wakeup and
 * turns them into key events; the tracker is kept in step record by record.
 */
final class KeyNotifications implements AutoCloseable {
    /** Big enough for many 16-byte records per read(); a record is at most 128 bytes. */
    private static final System.Logger LOG = System.getLogger(KeyNotifications.class.getName());
    private static final int READ_BUFFER = 4096;

    /** What one drain found besides events: whether state must be re-read, and whether records were lost. */
    record Drained(List<Event> events, boolean refresh, boolean lost) {
    }

    /** Why the queue cannot be used, in the words the Sources view shows after "polling /proc/keys … — ". */
    static final class Unusable extends Exception {
        Unusable(String reason) {
            super(reason);
        }
    }

    private final NotificationQueue queue;
    private final Keyctl keyctl;
    private final KeyTracker tracker;
    private final RecordEvents recordEvents;
    private final byte[] bytes = new byte[READ_BUFFER];
    /** Keys whose watch we removed ourselves: their removal record is ours, not a key's death. */
    private final Set<Integer> unwatching = new HashSet<>();

    private KeyNotifications(NotificationQueue queue, Keyctl keyctl, KeyTracker tracker, RecordEvents recordEvents) {
        this.queue = queue;
        this.keyctl = keyctl;
        this.tracker = tracker;
        this.recordEvents = recordEvents;
    }

    /**
     * Opens a queue of {@code notes} records with the kernel filter for {@code userMask} and
     * watches the tracker's keyrings. Each step's failure has its own meaning for the user: the
     * open probes CONFIG_WATCH_QUEUE, the first watch CONFIG_KEY_NOTIFICATIONS.
     */
    static KeyNotifications open(NotificationQueue.Opener opener, int notes, int userMask, Keyctl keyctl, KeyTracker tracker,
                                 RecordEvents recordEvents) throws Unusable {
        NotificationQueue queue;
        try {
            queue = opener.open();
        } catch (OsException e) {
            throw new Unusable(e.errno() == Errno.ENOPKG
                    ? NotificationQueue.NO_WATCH_QUEUE
                    : "notification queue unusable: " + e.getMessage());
        }
        KeyNotifications n = new KeyNotifications(queue, keyctl, tracker, recordEvents);
        try {
            queue.setSize(notes);
            n.filter(userMask);
        } catch (OsException e) {
            n.close();
            throw new Unusable("notification queue unusable: " + e.getMessage());
        }
        try {
            n.watchRings(tracker.rings());
        } catch (OsException e) {
            n.close();
            throw new Unusable(e.errno() == Errno.EOPNOTSUPP
                    ? "kernel lacks CONFIG_KEY_NOTIFICATIONS (KEYCTL_WATCH_KEY returned EOPNOTSUPP)"
                    : "notification queue unusable: " + e.getMessage());
        }
        return n;
    }

    int fd() {
        return queue.fd();
    }

    /**
     * Watches the keyrings (IDs 1..n in order); the first failure is thrown, so an
     * EOPNOTSUPP (no CONFIG_KEY_NOTIFICATIONS) can turn into the fallback.
     */
    void watchRings(Map<Integer, String> rings) throws OsException {
        int id = 1;
        for (int ring : rings.keySet()) {
            watch(ring, Math.min(id++, 255));
        }
    }

    /** Watches keys that started being followed and forgets those that stopped. */
    void follow(KeyTracker.Changes changes) {
        for (int k : changes.followed()) {
            if (!tracker.isRing(k)) {
                try {
                    watch(k, 0);
                } catch (OsException e) {
                    notWatched(e);
                }
            }
        }
        unwatch(changes.unfollowed());
    }

    void unwatch(Set<Integer> keys) {
        for (int k : keys) {
            try {
                keyctl.unwatch(k, queue.fd());
                unwatching.add(k);
            } catch (OsException e) {
                // EBADSLT (no such watch) or ENOKEY (already gone): nothing left to remove.
            }
        }
    }

    private void watch(int serial, int id) throws OsException {
        try {
            keyctl.watch(serial, queue.fd(), id);
        } catch (OsException e) {
            if (e.errno() != Errno.EBUSY) { // EBUSY: already watched on this queue
                throw e;
            }
        }
    }

    /** A key that could not be watched: its changes show at the next read of /proc/keys instead; no status concerns it. */
    private static void notWatched(OsException e) {
        LOG.log(Level.INFO, "keys: " + e.getMessage());
    }

    /** Reads until the queue is empty; several records may come from one read. */
    Drained drain(Instant now) throws OsException {
        List<Event> events = new ArrayList<>();
        boolean refresh = false;
        boolean lost = false;
        int n;
        while ((n = queue.readOrAgain(bytes)) > 0) {
            for (WatchRecord r : RecordDecoder.decode(bytes, 0, n)) {
                switch (r) {
                    case WatchRecord.KeyNotification k -> refresh |= key(k, now, events);
                    case WatchRecord.Removal removal -> removal(removal, now, events);
                    case WatchRecord.Loss loss -> {
                        lost = true;
                        events.add(new LossEvent(now, SourceId.KEYS, -1, "kernel notification queue overflowed"));
                    }
                    case WatchRecord.Unknown u -> recordEvents.toEvent(u).ifPresent(events::add);
                    case WatchRecord.Malformed m -> recordEvents.toEvent(m).ifPresent(events::add);
                    case WatchRecord.AgentEvent a -> events.add(notFromKernel(now, a.offset(), "an agent event"));
                    case WatchRecord.AgentHello h -> events.add(notFromKernel(now, h.offset(), "an agent greeting"));
                    case WatchRecord.SnapshotMarker m -> events.add(notFromKernel(now, m.offset(), "a snapshot marker"));
                    case WatchRecord.SessionProtocol p -> events.add(notFromKernel(now, p.offset(), "an agent protocol record"));
                    case WatchRecord.AgentReading a -> events.add(notFromKernel(now, a.offset(), "an agent reading"));
                }
            }
        }
        return new Drained(events, refresh, lost);
    }

    private static Event notFromKernel(Instant now, long offset, String what) {
        return new DecodeProblem(now, SourceId.KEYS, offset, "the kernel queue carried " + what + " (watchtray's own record type), skipped", null);
    }

    /** One key record: its event, and the tracker and watches brought up to date. Returns whether state must be re-read. */
    private boolean key(WatchRecord.KeyNotification k, Instant now, List<Event> events) {
        Change change = RecordEvents.keyChange(k.subtype());
        int other = change == Change.LINKED || change == Change.UNLINKED ? k.aux() : 0;
        events.add(tracker.eventFor(change, k.keySerial(), other, Origin.NOTIFICATION_QUEUE, now, k.raw()));
        switch (change) {
            case LINKED -> {
                if (tracker.link(k.keySerial(), k.aux())) {
                    unwatching.remove(k.aux());
                    try {
                        watch(k.aux(), 0);
                    } catch (OsException e) {
                        notWatched(e);
                    }
                    return true; // learn the new key's timeout
                }
                return false;
            }
            case UNLINKED -> unwatch(tracker.unlink(k.keySerial(), k.aux()));
            case CLEARED -> unwatch(tracker.clear(k.keySerial()));
            case ATTRIBUTES_CHANGED -> tracker.mark(k.keySerial(), change);
            default -> {
            }
        }
        // Updated, revoked, invalidated, instantiated, setattr: the /proc/keys row changed.
        return change != Change.UNLINKED && change != Change.CLEARED;
    }

    private void removal(WatchRecord.Removal r, Instant now, List<Event> events) {
        if (r.objectId().isEmpty()) {
            return; // the 8-byte form names no object; key watches always carry the serial
        }
        int serial = (int) r.objectId().getAsLong();
        if (unwatching.remove(serial)) {
            return; // we removed this watch ourselves
        }
        KeyEvent gone = tracker.eventFor(Change.REMOVED, serial, 0, Origin.NOTIFICATION_QUEUE, now, r.raw());
        events.add(gone);
        // Its own watch died with it; keys only a destroyed keyring held are no longer followed.
        Set<Integer> dropped = tracker.removed(serial);
        dropped.remove(serial);
        unwatch(dropped);
    }

    /** Installs a new kernel filter (reconfiguration). */
    void filter(int userMask) throws OsException {
        queue.setFilter(KeySubtypes.kernelFilter(userMask));
    }

    @Override
    public void close() {
        queue.close(); // closing the pipe removes every watch on it
    }
}
