package org.watchtray.nativeaccess.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.watchtray.core.mounts.MountSource;

/**
 * What a change costs {@link MountSource} in a big table, in kernel calls counted through its
 * binding (run by {@link MountCostMain} in a private mount namespace), and what an overflowed
 * fanotify queue costs: a full re-read that loses nothing and reports nothing twice.
 */
class MountChangeCostNamespaceTest {
    /** 5 mounts doubled 10 times by {@code mount --rbind} into themselves: 5,120 mounts in the table. */
    private static final String BIG_TABLE = """
            mkdir -p "$D/m" "$D/t" "$D/b" && mount -t tmpfs base "$D/m"
            for i in 1 2 3 4; do mkdir "$D/m/s$i" && mount -t tmpfs s "$D/m/s$i"; done
            for i in $(seq 1 10); do mkdir "$D/m/c$i" && mount --rbind "$D/m" "$D/m/c$i"; done
            """;
    private static final int CHANGES = 10;

    @BeforeAll
    static void namespaces() throws Exception {
        PrivateMountNamespace.assumeNamespacesWork();
        MountFeatures.assumeStatmount();
    }

    /**
     * With fanotify, a mount or unmount in a table of 5,000 is one statmount of the mount it
     * names (two when the mountinfo signal is handled before fanotify's event is queued) and one
     * read of fanotify's queue, and
     * the look at every mount that may follow is spaced by the table's size (minutes), not due 100 ms later.
     */
    @Test
    void aChangeInAFiveThousandMountTableCostsOneStatmount() throws Exception {
        MountFeatures.assumeFanotifyMountEvents();
        JsonNode r = run("changes", "BEST");
        int changes = CHANGES + 1;  // and the barrier
        assertTrue(r.path("table").asInt() >= 5120, r.toString());
        assertEquals(CHANGES, r.path("events").asInt(), r.toString());
        assertTrue(r.path("statmount").asInt() <= 2 * changes, "statmount calls for " + changes + " changes: " + r);
        assertTrue(r.path("listmount").asInt() <= changes, "listmount calls for " + changes + " changes: " + r);
        // One read of fanotify's queue per change: a change makes both fds ready, and the second handler of the
        // wakeup no longer reads a queue the first emptied (that read said EAGAIN at every change before).
        assertTrue(r.path("fanotifyReads").asInt() <= changes + changes / 2, "fanotify reads for " + changes + " changes: " + r);
        assertTrue(r.path("fanotifyEmptyReads").asInt() <= changes / 2, "fanotify reads that found nothing: " + r);
        assertTrue(r.path("verificationDueMs").asLong() >= 120_000,
                "the look at 5,000 mounts is spaced by their number (30 ms each): " + r);
    }

    /** Without fanotify: one listmount per signal and a statmount of each new mount; no look at every mount. */
    @Test
    void withoutFanotifyAChangeCostsOneListmount() throws Exception {
        JsonNode r = run("changes", "NO_FANOTIFY");
        int changes = CHANGES + 1;
        assertEquals(CHANGES, r.path("events").asInt(), r.toString());
        assertTrue(r.path("statmount").asInt() <= 2 * changes, "statmount calls for " + changes + " changes: " + r);
        assertTrue(r.path("listmount").asInt() <= 2 * changes, "listmount calls for " + changes + " changes: " + r);
    }

    /**
     * With fanotify, in a small table, a remount is found by the mountinfo lines that changed: no
     * listmount (but the first, which has no earlier reading to compare with, and perhaps the
     * barrier's) and one statmount of the remounted mount. Without that path each remount costs
     * a listmount and a look at every mount; both report every remount. fanotify's queue, which a
     * remount never fills, is not read for it.
     */
    @Test
    void aRemountInASmallTableIsFoundByMountinfosLines() throws Exception {
        MountFeatures.assumeFanotifyMountEvents();
        String small = "mkdir -p \"$D/t\" \"$D/b\" && mount -t tmpfs t \"$D/t\"\n";
        JsonNode lines = run("remounts", "BEST", small);
        assertTrue(lines.path("table").asInt() <= 256, lines.toString());
        assertEquals(CHANGES, lines.path("events").asInt(), lines.toString());
        // The first remount's look, perhaps the barrier's (its signal before its fanotify event), perhaps the
        // consistency check the barrier asks for (100 ms after it): each is a listmount and a look at every mount.
        assertTrue(lines.path("listmount").asInt() <= 3, "listmount calls for " + CHANGES + " remounts: " + lines);
        int table = lines.path("table").asInt();
        assertTrue(lines.path("statmount").asInt() <= 3 * (table + 2) + 2 * CHANGES, "statmount calls: " + lines);
        // A remount queues no fanotify record and its signal comes alone: the queue is not read for it (each
        // remount's read said EAGAIN before). The barrier's record is read once, perhaps a second time empty.
        assertTrue(lines.path("fanotifyEmptyReads").asInt() <= 1, "fanotify reads that found nothing: " + lines);
        assertTrue(lines.path("fanotifyReads").asInt() <= 2, "fanotify reads for " + CHANGES + " remounts: " + lines);

        JsonNode look = run("remounts", "BEST_WITHOUT_MOUNTINFO_REMOUNTS", small);
        assertEquals(CHANGES, look.path("events").asInt(), look.toString());
        assertTrue(look.path("listmount").asInt() >= CHANGES, "a listmount per remount: " + look);
        assertTrue(look.path("statmount").asInt() >= CHANGES * table, "a look at every mount per remount: " + look);
    }

    /**
     * 34,799 mounts made while the source cannot read overflow fanotify's queue (16,384 events):
     * a loss is reported, the table is read again in full, and every new mount is reported once.
     */
    @Test
    void anOverflowedQueueIsAFullResync() throws Exception {
        MountFeatures.assumeFanotifyMountEvents();
        Path dir = PrivateMountNamespace.tempDir("wt-mounts-overflow-");
        try {
            String setup = "D=" + MountScenarioMain.Shell.quote(dir.toString()) + """

                    mkdir -p "$D/m" "$D/b" && mount -t tmpfs base "$D/m"
                    for i in $(seq 1 16); do mkdir "$D/m/s$i" && mount -t tmpfs s "$D/m/s$i"; done
                    """;
            String grow = "for i in $(seq 1 11); do mkdir \"" + dir + "/m/c$i\" && mount --rbind \"" + dir + "/m\" \"" + dir + "/m/c$i\"; done";
            JsonNode r = json(PrivateMountNamespace.runOnce(setup, MountCostMain.class, "overflow", dir.toString(), grow));
            assertTrue(r.path("losses").asInt() >= 1, "the overflow is reported as a loss: " + r);
            assertTrue(r.path("listmount").asInt() >= 1, "the table was listed again: " + r);
            assertEquals(17 * 2047, r.path("events").asInt(), "each new mount reported once: " + r);
            assertEquals(r.path("listedAfter").asInt(), r.path("tableAfter").asInt(), r.toString());
        } finally {
            PrivateMountNamespace.deleteTree(dir);
        }
    }

    private static JsonNode run(String mode, String mechanisms) throws Exception {
        return run(mode, mechanisms, BIG_TABLE);
    }

    private static JsonNode run(String mode, String mechanisms, String table) throws Exception {
        Path dir = PrivateMountNamespace.tempDir("wt-mounts-cost-");
        try {
            String setup = "D=" + MountScenarioMain.Shell.quote(dir.toString()) + "\n" + table;
            return json(PrivateMountNamespace.runOnce(setup, MountCostMain.class, mode, mechanisms, dir.toString(),
                    Integer.toString(CHANGES)));
        } finally {
            PrivateMountNamespace.deleteTree(dir);
        }
    }

    private static JsonNode json(String out) throws Exception {
        return new ObjectMapper().readTree(out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(() ->
                new AssertionError("no result line in: " + out)));
    }
}
