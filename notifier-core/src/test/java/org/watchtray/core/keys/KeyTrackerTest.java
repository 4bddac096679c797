package org.watchtray.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.keys.KeyEvent.Change;

/**
 * The tracker's logic on recorded-shape snapshots, where time can be chosen: coarse /proc/keys
 * timeouts narrowed by re-reads at the right moments, and snapshot differences as events.
 */
class KeyTrackerTest {
    private static final int RING = 0x100;
    private static final int KEY = 0x200;
    private final Map<Integer, KeyDescription> described = new HashMap<>(Map.of(
            RING, new KeyDescription("keyring", 0, 0, 0x3f010000, "ring"),
            KEY, new KeyDescription("user", 0, 0, 0x3f010000, "key")));
    private final KeyTracker tracker = new KeyTracker(
            serial -> described.containsKey(serial) ? new KeyLookup.Found(described.get(serial)) : new KeyLookup.Gone(),
            Duration.ofSeconds(60));

    private static Instant at(double seconds) {
        return Instant.ofEpochMilli((long) (seconds * 1000));
    }

    /** A user key row: {@code "00000200 I--Q---     1 <timeout> 3f010000     0     0 user      key: <len>"}. */
    private static ProcKey key(String flags, String timeout, String length) {
        return new ProcKey(KEY, flags, 1, KeyTimeout.parse(timeout), 0x3f010000, 0, 0, "user", "key: " + length);
    }

    private static ProcKey ring(int links) {
        return new ProcKey(RING, "I--Q---", 1, KeyTimeout.PERMANENT, 0x3f010000, 0, 0, "keyring", "ring: " + links);
    }

    private static KeySnapshot snapshot(double readAt, List<Integer> members, ProcKey... rows) {
        Map<Integer, ProcKey> byserial = new HashMap<>();
        for (ProcKey r : rows) {
            byserial.put(r.serial(), r);
        }
        return new KeySnapshot(at(readAt), at(readAt), byserial, java.util.Set.of(), byserial.keySet(), Map.of(RING, members), List.of());
    }

    private List<Change> changes(List<KeyEvent> events) {
        return events.stream().map(KeyEvent::change).toList();
    }

    @Test
    void aMinuteGrainedTimeoutIsNarrowedByReReadsAtTheRightMoments() {
        tracker.setRings(Map.of(RING, "ring"));
        // True expiry: second 1330. At 1000 the kernel prints 330 s left as "5m".
        tracker.diff(snapshot(1000, List.of(KEY), ring(1), key("I--Q---", "5m", "3")), at(1000), false);
        assertEquals(List.of(), tracker.expiry(at(1000)));
        assertEquals(Optional.of(at(1240)), tracker.nextCheck(at(1000)), "warn 60 s before the earliest possible expiry (1300)");

        // At 1240, 90 s left: "1m" — consistent, no change.
        tracker.diff(snapshot(1240, List.of(KEY), ring(1), key("I--Q---", "1m", "3")), at(1240), true);
        List<KeyEvent> soon = tracker.expiry(at(1240));
        assertEquals(List.of(Change.EXPIRES_SOON), changes(soon));
        assertEquals(at(1300), soon.getFirst().expiry(), "the earliest it can be while only minutes are known");
        assertEquals(at(1359), soon.getFirst().expiryLatest(), "and the latest: the warning says only what is known");
        assertEquals(Optional.of(at(1300)), tracker.nextCheck(at(1240)), "re-read where less than a minute is left");

        // At 1300, 30 s left: "30s" — now exact.
        assertEquals(List.of(), tracker.diff(snapshot(1300, List.of(KEY), ring(1), key("I--Q---", "30s", "3")), at(1300), true).events());
        assertEquals(List.of(), tracker.expiry(at(1300)), "warned once");
        assertEquals(Optional.of(at(1330)), tracker.nextCheck(at(1300)));

        // At 1330: "expd".
        tracker.diff(snapshot(1330, List.of(KEY), ring(1), key("I--Q---", "expd", "3")), at(1330), true);
        List<KeyEvent> expired = tracker.expiry(at(1330));
        assertEquals(List.of(Change.EXPIRED), changes(expired));
        assertEquals(at(1330), expired.getFirst().expiry());
        assertEquals(null, expired.getFirst().expiryLatest(), "exact once under a minute was read");
        assertEquals(Optional.empty(), tracker.nextCheck(at(1330)), "nothing left to wake for");
        assertEquals(List.of(), tracker.expiry(at(1400)));
    }

    @Test
    void snapshotDifferencesBecomeTheSameKindsOfEventsAsRecords() {
        tracker.setRings(Map.of(RING, "ring"));
        tracker.diff(snapshot(10, List.of(), ring(0)), at(10), false);

        KeyTracker.Changes added = tracker.diff(snapshot(11, List.of(KEY), ring(1), key("I--Q---", "perm", "3")), at(11), true);
        assertEquals(List.of(Change.ADDED, Change.LINKED), changes(added.events()));
        assertEquals(KEY, added.events().get(1).otherSerial());
        assertEquals("ring", added.events().get(1).description());
        assertEquals("key", added.events().getFirst().description());

        assertEquals(List.of(Change.UPDATED),
                changes(tracker.diff(snapshot(12, List.of(KEY), ring(1), key("I--Q---", "perm", "17")), at(12), true).events()),
                "the payload length changed");
        assertEquals(List.of(Change.ATTRIBUTES_CHANGED),
                changes(tracker.diff(snapshot(13, List.of(KEY), ring(1), key("I--Q---", "50s", "17")), at(13), true).events()),
                "a timeout was set");
        assertEquals(List.of(),
                changes(tracker.diff(snapshot(23, List.of(KEY), ring(1), key("I--Q---", "40s", "17")), at(23), true).events()),
                "time passing is not a change");
        assertEquals(List.of(Change.ATTRIBUTES_CHANGED),
                changes(tracker.diff(snapshot(24, List.of(KEY), ring(1), key("I--Q---", "59m", "17")), at(24), true).events()),
                "a new timeout contradicts the old window");
        assertEquals(List.of(Change.REVOKED),
                changes(tracker.diff(snapshot(25, List.of(KEY), ring(1), key("IR-Q---", "expd", "0")), at(25), true).events()),
                "revocation also empties the payload and sets 'expd': only revoked is news");
        assertEquals(List.of(), tracker.expiry(at(25)), "a revoked key does not 'expire'");

        KeyTracker.Changes unlinked = tracker.diff(snapshot(26, List.of(), ring(0)), at(26), true);
        assertEquals(List.of(Change.UNLINKED, Change.REMOVED), changes(unlinked.events()), "unlinked, and collected by the kernel");
        assertTrue(unlinked.events().get(1).gone());
        assertEquals("key", unlinked.events().get(1).description(), "named by what was last known");
        assertEquals(java.util.Set.of(KEY), unlinked.unfollowed());

        // A record arriving later about the forgotten key still names it.
        described.remove(KEY);
        KeyEvent late = tracker.eventFor(Change.REMOVED, KEY, 0, KeyEvent.Origin.NOTIFICATION_QUEUE, at(27), null);
        assertEquals("key", late.description());
        assertTrue(late.gone());
        KeyEvent unknown = tracker.eventFor(Change.REVOKED, 0x999, 0, KeyEvent.Origin.NOTIFICATION_QUEUE, at(27), null);
        assertTrue(unknown.gone() && unknown.keyType().isEmpty(), "never seen and gone: said so");
    }

    @Test
    void theFirstReadTeachesWithoutReportingButWarnsOfKeysAboutToExpire() {
        assertEquals(java.util.Set.of(RING), tracker.setRings(Map.of(RING, "ring")).followed());
        KeyTracker.Changes first = tracker.diff(snapshot(100, List.of(KEY), ring(1), key("I--Q---", "20s", "3")), at(100), false);
        assertEquals(List.of(), first.events());
        assertEquals(java.util.Set.of(KEY), first.followed(), "the queue path watches it");
        assertEquals(List.of(Change.EXPIRES_SOON), changes(tracker.expiry(at(100))), "20 s left, lead 60 s");
    }

    @Test
    void aTimeoutFarBeyondAnyRealOneIsTrackedWithoutOverflow() {
        // Issue 13's input: a "99999999999w" column threw DateTimeException.
        tracker.setRings(Map.of(RING, "ring"));
        tracker.diff(snapshot(100, List.of(KEY), ring(1), key("I--Q---", "perm", "3")), at(100), false);
        KeyTracker.Changes c = tracker.diff(snapshot(101, List.of(KEY), ring(1), key("I--Q---", "99999999999w", "3")), at(101), true);
        assertEquals(List.of(Change.ATTRIBUTES_CHANGED), changes(c.events()), "a timeout was set");
        KeyEvent e = c.events().getFirst();
        assertEquals(KeyTimeout.LATEST, e.expiry());
        assertTrue(e.details().containsKey("expiry") && !EnglishSummary.of(e).isEmpty());
        assertEquals(List.of(), tracker.expiry(at(102)));
        assertEquals(Optional.of(KeyTimeout.LATEST.minusSeconds(60)), tracker.nextCheck(at(102)));
    }
}
