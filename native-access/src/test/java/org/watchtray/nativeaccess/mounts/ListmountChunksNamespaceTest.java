package org.watchtray.nativeaccess.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * listmount asks for about as many IDs as the table had last time, not for the most it could
 * take: the table must still come back whole when that guess is small or the table has grown,
 * ascending and matching mountinfo line for line.
 */
class ListmountChunksNamespaceTest {

    @BeforeAll
    static void namespaces() throws Exception {
        PrivateMountNamespace.assumeNamespacesWork();
        MountFeatures.assumeStatmount();
    }

    @Test
    void theWholeTableComesBackWhateverTheFirstRequestsSize() throws Exception {
        Path dir = PrivateMountNamespace.tempDir("wt-listmount-");
        try {
            String b = MountScenarioMain.Shell.quote(dir.toString());
            String out = PrivateMountNamespace.runOnce(String.join("\n",
                    "set -e",
                    "for i in $(seq 1 150); do mkdir " + b + "/m$i && mount -t tmpfs m$i " + b + "/m$i; done"),
                    ListmountChunksMain.class, dir.toString(), "300");
            Map<String, String> r = new HashMap<>();
            out.lines().map(l -> l.split(" ", 2)).forEach(kv -> r.put(kv[0], kv[1]));

            assertTrue(Long.parseLong(r.get("mountinfo")) > 150, out);
            assertEquals(r.get("mountinfo"), r.get("whole"), "one ID per mountinfo line");
            assertEquals("same", r.get("smallChunks"), "3 IDs per call, then more: the same table");
            assertEquals("true", r.get("sorted"));
            assertEquals("same", r.get("hinted"));
            // 300 mounts more than the hint (150 and some) allows for: listed over further calls, none lost.
            assertEquals(String.valueOf(Long.parseLong(r.get("mountinfo")) + 300), r.get("grownMountinfo"), out);
            assertEquals(r.get("grownMountinfo"), r.get("grown"));
            assertEquals("true", r.get("grownSorted"));
            assertEquals("same", r.get("grownSame"));
        } finally {
            PrivateMountNamespace.deleteTree(dir);
        }
    }

    @Test
    void theFirstRequestHasRoomForTheLastTableAndAnEighth() {
        assertEquals(SyscallMountTables.MIN_CHUNK, SyscallMountTables.chunkFor(0));
        assertEquals(SyscallMountTables.MIN_CHUNK, SyscallMountTables.chunkFor(31));
        assertEquals(SyscallMountTables.ID_CHUNK, SyscallMountTables.chunkFor(5_001));
        assertEquals(1_000 + 125 + 1, SyscallMountTables.chunkFor(1_000));
    }
}
