package org.watchtray.app.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.nativeaccess.testing.MutableClock;
import org.watchtray.app.testing.SampleEvents;

/**
 * The history on a real read-only directory (a read-only bind mount) and a real full disk (a
 * 1 MiB tmpfs), each in a private mount namespace ({@code unshare -m}) around a child JVM
 * running {@link HistoryProbe}. We are root, and root ignores mode bits, so a chmod would
 * prove nothing; the kernel refuses writes on a read-only mount even to root (EROFS).
 */
class HistoryFailureTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsMountNamespaces() throws Exception {
        Process p = new ProcessBuilder("unshare", "-m", "true").redirectErrorStream(true).start();
        boolean ok = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        Assumptions.assumeTrue(ok, "unshare -m is refused here (needs CAP_SYS_ADMIN): "
                + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aReadOnlyDirectoryIsReportedAndTheAppKeepsItsEventsInMemory() throws Exception {
        Path state = dir.resolve("watchtray");
        Path db = state.resolve("history.db");
        try (SqliteHistoryStore store = SqliteHistoryStore.open(db, new MutableClock(Instant.EPOCH), e -> { })) {
            store.append(SampleEvents.everyFamily(Instant.parse("2025-02-01T00:00:00Z")));
        }
        byte[] before = Files.readAllBytes(db);
        List<String> out = probe("mount --bind '" + state + "' '" + state + "' && mount -o remount,bind,ro '" + state + "'",
                "readonly", db);
        String status = out.stream().filter(l -> l.startsWith("notice: ")).findFirst().orElseThrow();
        assertTrue(status.startsWith("notice: warning history: not running"), status);
        assertTrue(status.contains("cannot open " + db), status);
        assertTrue(status.contains("kept in memory"), status);
        assertTrue(out.contains("store: MemoryHistoryStore"), out.toString());
        assertTrue(out.contains("kept: 10 events, 0 in loss markers"), "the session's events are still there: " + out);
        assertEquals(java.util.Arrays.hashCode(before), java.util.Arrays.hashCode(Files.readAllBytes(db)), "the old history is untouched");
    }

    @Test
    void aFullDiskIsReportedCountedAndWrittenAsALossMarkerOnceThereIsSpaceAgain() throws Exception {
        Path mount = dir.resolve("state");
        Files.createDirectories(mount);
        Path db = mount.resolve("watchtray/history.db");
        List<String> out = probe("mount -t tmpfs -o size=1m watchtray-test '" + mount + "'", "full", db);
        assertTrue(out.contains("store: SqliteHistoryStore"), out.toString());
        List<String> notices = out.stream().filter(l -> l.startsWith("notice: ")).toList();
        assertEquals(3, notices.size(), "opened, failed once, recovered: " + notices);
        assertTrue(notices.get(1).startsWith("notice: warning history: not running"), notices.get(1));
        assertTrue(notices.get(1).contains("full"), notices.get(1));
        assertTrue(notices.get(2).startsWith("notice: info history: SQLite"), notices.get(2));
        assertTrue(out.contains("before retry: 10 events, 0 in loss markers"), "nothing retried before its time: " + out);
        assertTrue(out.contains("kept: 15 events, 505 in loss markers"), "every event stored or counted: " + out);
    }

    private List<String> probe(String setup, String scenario, Path db) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = setup + " && exec '" + java + "' --enable-native-access=ALL-UNNAMED -Xshare:auto -XX:TieredStopAtLevel=1 -cp '"
                + System.getProperty("java.class.path") + "' " + HistoryProbe.class.getName() + " " + scenario + " '" + db + "'";
        Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c", cmd)
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (var r = p.inputReader(StandardCharsets.UTF_8)) {
            r.lines().forEach(lines::add);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe finished");
        assertEquals(0, p.exitValue(), "probe exit status; output: " + lines);
        return lines;
    }
}
