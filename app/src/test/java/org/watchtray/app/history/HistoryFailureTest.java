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
 * small tmpfs: while writing, retaining, upgrading a schema-1 file), each in a private mount namespace ({@code unshare -m}) around a child JVM
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
        List<String> out = onOneMebibyteTmpfs("full");
        assertTrue(out.contains("store: SqliteHistoryStore"), out.toString());
        List<String> notices = out.stream().filter(l -> l.startsWith("notice: ")).toList();
        assertEquals(3, notices.size(), "opened, failed once, recovered: " + notices);
        assertTrue(notices.get(1).startsWith("notice: warning history: not running"), notices.get(1));
        assertTrue(notices.get(1).contains("full"), notices.get(1));
        assertTrue(notices.get(2).startsWith("notice: info history: SQLite"), notices.get(2));
        assertTrue(out.contains("before retry: 10 events, 0 in loss markers"), "nothing retried before its time: " + out);
        assertTrue(out.contains("kept: 15 events, 505 in loss markers"), "every event stored or counted: " + out);
    }

    @Test
    void retentionOnAFullDiskLeavesTheFileWholeAndCatchesUpOnceThereIsRoom() throws Exception {
        List<String> out = onOneMebibyteTmpfs("retain-full");
        assertTrue(out.contains("on the full disk: 610 events, 0 in loss markers, integrity ok"),
                "retention cut to 100 events cannot delete without room for its journal: the file stays whole: " + out);
        assertTrue(out.contains("with room again: 99 events, 1 in loss markers, integrity ok"),
                "then it keeps the newest 100 rows, the event the full disk refused counted in a marker: " + out);
    }

    @Test
    void aDiskTooFullForTheCopyLeavesTheOldFileAsItWasAndTheAppRunsWithoutIt() throws Exception {
        // Room for the schema-1 file (148 KB) but not for its copy: the upgrade never starts.
        List<String> out = upgradeOnFullDisk(200);
        assertTrue(out.contains("store: MemoryHistoryStore"), out.toString());
        String status = out.stream().filter(l -> l.startsWith("notice: ")).findFirst().orElseThrow();
        assertTrue(status.startsWith("notice: warning history: not running"), status);
        assertTrue(status.contains("cannot keep a copy of"), status);
        assertTrue(out.contains("kept: 10 events, 0 in loss markers"), "the session's events are still there: " + out);
        assertEquals(fixtureSha256() + " (unchanged)", fileState(out, "history.db"), out.toString());
        assertEquals(List.of("history.db"), files(out), "no partial copy left: " + out);
    }

    @Test
    void aDiskThatFillsDuringTheUpgradeLeavesTheOldFileAsItWasAndKeepsTheCopy() throws Exception {
        // Room for the file and its copy, not for the upgrade's new tables, text index and journal.
        List<String> out = upgradeOnFullDisk(FULL_DURING_UPGRADE_KB);
        assertTrue(out.contains("store: MemoryHistoryStore"), out.toString());
        String status = out.stream().filter(l -> l.startsWith("notice: ")).findFirst().orElseThrow();
        assertTrue(status.startsWith("notice: warning history: not running"), status);
        assertTrue(status.contains("cannot open") && status.contains("disk is full"), "the cause, not what ending the transaction said: " + status);
        assertEquals(fixtureSha256() + " (unchanged)", fileState(out, "history.db"), out.toString());
        assertEquals(fixtureSha256() + " (unchanged)", fileState(out, "history.db.schema1-backup"), "the copy stays for the user: " + out);
    }

    /**
     * Where the copy fits and the upgrade does not, found by trying: the copy needs at least 330
     * KB, the upgrade (with its WAL) about 550 KB.
     */
    private static final int FULL_DURING_UPGRADE_KB = 420;

    /**
     * The app opens a schema-1 history (the fixture written by the old code) on a tmpfs of
     * {@code kb} KB; then the shell prints each file left in its directory with its SHA-256,
     * as "file: NAME SHA", before the namespace and its tmpfs go away.
     */
    private List<String> upgradeOnFullDisk(int kb) throws Exception {
        Path mount = Files.createDirectories(dir.resolve("state"));
        Path state = mount.resolve("watchtray");
        Path db = state.resolve("history.db");
        Path fixture = Path.of(HistoryFailureTest.class.getResource("history-v1.db").toURI());
        return probe("mount -t tmpfs -o size=" + kb + "k watchtray-test '" + mount + "' && mkdir '" + state + "' && cp '" + fixture + "' '" + db + "'",
                "open", db, "cd '" + state + "' && for f in *; do echo \"file: $f $(sha256sum < \"$f\" | cut -d' ' -f1)\"; done");
    }

    private static String fixtureSha256() throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of(HistoryFailureTest.class.getResource("history-v1.db").toURI()));
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String fileState(List<String> out, String name) throws Exception {
        String sha = out.stream().filter(l -> l.startsWith("file: " + name + " ")).map(l -> l.substring(("file: " + name + " ").length()))
                .findFirst().orElse("(missing)");
        return sha.equals(fixtureSha256()) ? sha + " (unchanged)" : sha;
    }

    private static List<String> files(List<String> out) {
        return out.stream().filter(l -> l.startsWith("file: ")).map(l -> l.split(" ")[1]).toList();
    }

    /** The probe's {@code scenario} with its history on a 1 MiB tmpfs, a disk that fills up. */
    private List<String> onOneMebibyteTmpfs(String scenario) throws IOException, InterruptedException {
        Path mount = Files.createDirectories(dir.resolve("state"));
        return probe("mount -t tmpfs -o size=1m watchtray-test '" + mount + "'", scenario, mount.resolve("watchtray/history.db"));
    }

    private List<String> probe(String setup, String scenario, Path db) throws IOException, InterruptedException {
        return probe(setup, scenario, db, null);
    }

    /** Runs the probe after {@code setup} in a private mount namespace, then {@code after} (a shell command, or null) in it. */
    private List<String> probe(String setup, String scenario, Path db, String after) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String run = "'" + java + "' --enable-native-access=ALL-UNNAMED -Xshare:auto -XX:TieredStopAtLevel=1 -cp '"
                + System.getProperty("java.class.path") + "' " + HistoryProbe.class.getName() + " " + scenario + " '" + db + "'";
        String cmd = after == null ? setup + " && exec " + run : setup + " && { " + run + "; st=$?; " + after + "; exit $st; }";
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
