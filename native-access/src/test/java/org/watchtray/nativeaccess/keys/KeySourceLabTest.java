package org.watchtray.nativeaccess.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.watchtray.nativeaccess.lab.KernelLab;

/**
 * The key source through the real kernel notification queue, in the kernel lab VM (one boot):
 * the scenario of KeySourceTest with every event's origin the queue, a removal record for a
 * destroyed keyring, a loss record from a two-note queue followed by a resync, the expiry
 * warning and expiry on time, and the poller's deadlines surviving a wall-clock jump.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeySourceLabTest {
    private KernelLab.Result run;
    private final Map<String, String> markers = new LinkedHashMap<>();
    private final List<String[]> keyEvents = new ArrayList<>();
    private final List<String> logLines = new ArrayList<>();
    private final List<String> otherEvents = new ArrayList<>();
    private long wallMillis;

    @BeforeAll
    void boot() throws Exception {
        long t0 = System.nanoTime();
        run = KernelLab.java(null, KeyLabMain.class, 100);
        wallMillis = (System.nanoTime() - t0) / 1_000_000;
        for (String line : run.output().split("\n")) {
            String[] f = line.split("\\|", -1);
            switch (f[0]) {
                case "M" -> markers.put(f[1], f[2]);
                case "E" -> keyEvents.add(f);
                case "L" -> logLines.add(line);
                case "X" -> otherEvents.add(line);
                default -> {
                }
            }
        }
        System.out.println("kernel lab run: " + wallMillis + " ms wall\n" + run.output());
    }

    private String context() {
        return run.describe();
    }

    private int marker(String name) {
        assertTrue(markers.containsKey(name), "marker " + name + " missing:\n" + context());
        return Integer.parseInt(markers.get(name));
    }

    /** Key events of {@code part}: [E, part, name, serial, other, origin, type, description, gone, time, expiry]. */
    private List<String[]> events(String part, Predicate<String[]> p) {
        return keyEvents.stream().filter(f -> f[1].equals(part) && p.test(f)).toList();
    }

    private String[] one(String part, String name, int serial, int other) {
        List<String[]> found = events(part, f -> f[2].equals(name) && f[3].equals(Integer.toString(serial))
                && (other == 0 || f[4].equals(Integer.toString(other))));
        assertFalse(found.isEmpty(), part + " " + name + " of " + serial + " missing:\n" + context());
        return found.getFirst();
    }

    @Test
    void theRunCompleted() {
        assertEquals(0, run.exitCode(), context());
        assertEquals("ok", markers.get("done"), context());
        assertFalse(markers.containsKey("error"), context());
        assertFalse(markers.containsKey("timeout"), "a step timed out: " + markers.get("timeout") + "\n" + context());
        // Wall time is reported, not asserted: under software emulation it follows the machine's load.
        System.out.println("kernel lab run took " + wallMillis + " ms");
    }

    @Test
    void theQueueIsTheMechanismAndEachChangeArrivesFromIt() {
        assertTrue(markers.getOrDefault("status-queue", "").startsWith("keys: kernel notification queue (watching session, user"),
                "status lists session first: " + markers.get("status-queue"));
        int ring = marker("ring");
        int k1 = marker("k1");
        int k2 = marker("k2");
        String status = markers.get("status-queue");
        assertTrue(status != null && status.startsWith("keys: kernel notification queue (watching session, user")
                && status.contains("keyring " + ring), status);

        String[] linked = one("queue", "linked", ring, k1);
        assertEquals("keyring", linked[6]);
        assertEquals("lab-ring", linked[7]);
        for (String[] e : List.of(linked, one("queue", "updated", k1, 0), one("queue", "setattr", k1, 0),
                one("queue", "revoked", k1, 0), one("queue", "unlinked", ring, k1), one("queue", "invalidated", k2, 0),
                one("queue", "cleared", ring, 0))) {
            assertEquals("NOTIFICATION_QUEUE", e[5], String.join("|", e));
        }
        String[] updated = one("queue", "updated", k1, 0);
        assertEquals("user", updated[6]);
        assertEquals("k1", updated[7], "type and description resolved");
        assertTrue(events("queue", f -> f[2].equals("setattr") && f[3].equals(Integer.toString(k1))).size() >= 2,
                "setperm and timeout each give setattr");
    }

    @Test
    void destroyingAWatchedKeyringGivesARemovalRecord() {
        int ring = marker("ring");
        String[] removed = one("queue", "removed", ring, 0);
        assertEquals("NOTIFICATION_QUEUE", removed[5]);
        assertEquals("true", removed[8], "the key is gone");
        assertEquals("lab-ring", removed[7], "described by what was last known");
        // Keys the kernel collected after they were revoked or invalidated: removed, still named.
        String[] k2 = one("queue", "removed", marker("k2"), 0);
        assertEquals("k2", k2[7]);
        assertEquals("true", k2[8]);
    }

    @Test
    void aShortTimeoutWarnsAndExpiresOnTime() {
        int k3 = marker("k3");
        long set = Long.parseLong(markers.get("k3-timeout-set"));
        String[] soon = one("queue", "expires_soon", k3, 0);
        String[] expired = one("queue", "expired", k3, 0);
        assertEquals("DEADLINE", soon[5]);
        assertEquals("DEADLINE", expired[5]);
        long expiry = set + 6_000;
        assertNear(expiry - 3_000, Long.parseLong(soon[9]), "warning");
        assertNear(expiry, Long.parseLong(expired[9]), "expired");
        assertNear(expiry, Long.parseLong(soon[10]), "expiry named in the warning");
        assertEquals(1, events("queue", f -> f[2].equals("expired") && f[3].equals(Integer.toString(k3))).size());
    }

    @Test
    void aFullQueueReportsLossAndResynchronises() {
        int ring = marker("loss-ring");
        assertTrue(otherEvents.stream().anyMatch(l -> l.startsWith("X|loss|meta.loss|")), "loss event:\n" + context());
        List<String[]> links = events("loss", f -> f[2].equals("linked") && f[3].equals(Integer.toString(ring)));
        assertEquals(KeyLabMain.LOSS_CHANGES, links.size(), "every link reported once, from the queue or the resync:\n" + context());
        assertTrue(links.stream().anyMatch(f -> f[5].equals("NOTIFICATION_QUEUE")), "some from the queue");
        assertTrue(links.stream().anyMatch(f -> f[5].equals("PROC_KEYS")), "the rest from the resync");
    }

    @Test
    void deadlinesFollowAWallClockJump() {
        long jumped = Long.parseLong(markers.getOrDefault("jumped", "0"));
        assertTrue(markers.containsKey("fired"), "the hour-ahead deadline fired after a 2 h jump:\n" + context());
        long fired = Long.parseLong(markers.get("fired"));
        assertTrue(fired - jumped < 2_000, "fired " + (fired - jumped) + " ms after the jump");
        assertTrue(logLines.stream().anyMatch(l -> l.contains("wall clock changed")), "ECANCELED was seen:\n" + context());
    }

    private static void assertNear(long expected, long actual, String what) {
        assertTrue(Math.abs(actual - expected) <= 1_000, what + ": " + (actual - expected) + " ms off");
    }
}
