package org.watchtray.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.Main;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.core.settings.Environment;
import picocli.CommandLine;

/**
 * Read-only commands change no file: each of {@code status}, {@code history}, {@code monitor},
 * {@code decode} and {@code kerberos list} runs against a half-written settings file and a
 * history in several states (damaged; as a killed app left it, with {@code -wal} and
 * {@code -shm}; cleanly closed; a WAL without its index), and the user's directories are the
 * same before and after: names, sizes, modification times, inode numbers and modes.
 */
class ReadOnlyCommandsTest {
    private static final String HALF_WRITTEN = "{\"version\": 1,\n  \"min_toast_severity\": \"crit";
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path home;

    private record Run(int status, String out, String err) {
    }

    @org.junit.jupiter.api.BeforeEach
    void userDirectories() throws IOException {
        Files.createDirectories(config());
        Files.createDirectories(home.resolve("state"));
        Files.createDirectories(home.resolve("krb"));
        Files.writeString(home.resolve("krb/krb5.conf"), "");
        // One kernel key record (wire-formats §2): type 1 (key), subtype 2 (linked), length 16, key 0x1234, aux 0x77.
        Files.write(home.resolve("capture.bin"), new byte[] {1, 0, 0, 2, 16, 0, 0, 0, 0x34, 0x12, 0, 0, 0x77, 0, 0, 0});
    }

    private Run run(String... args) throws IOException {
        Environment env = new Environment(Map.of("XDG_CONFIG_HOME", config().toString(), "XDG_STATE_HOME", home.resolve("state").toString(),
                "XDG_CONFIG_DIRS", home.resolve("etc").toString(), "KRB5CCNAME", "FILE:" + home.resolve("krb/cc"),
                "KRB5_CONFIG", home.resolve("krb/krb5.conf").toString()), home);
        CommandLine cl = WatchtrayCommand.commandLine(Main.context(env, Clock.systemUTC()), a -> {
            throw new AssertionError("no tray app here");
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    private Path config() {
        return home.resolve("config");
    }

    private Path historyFile() {
        return home.resolve("state/watchtray/history.db");
    }

    /** Everything under the user's home (config, state, caches), as {@code ls -li --full-time} would tell it apart. */
    private List<String> snapshot() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path root : List.of(home)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.sorted().toList()) {
                    PosixFileAttributes a = Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    out.add(home.relativize(f) + " size=" + a.size() + " mtime=" + a.lastModifiedTime().toInstant() + " inode=" + a.fileKey()
                            + " mode=" + PosixFilePermissions.toString(a.permissions()));
                }
            }
        }
        return out;
    }

    private void halfWrittenSettings() throws IOException {
        Files.createDirectories(config().resolve("watchtray"));
        Files.writeString(config().resolve("watchtray/settings.json"), HALF_WRITTEN);
    }

    private List<Run> everyReadOnlyCommand() throws IOException {
        Path capture = home.resolve("capture.bin");
        List<Run> runs = new ArrayList<>();
        runs.add(run("status"));
        runs.add(run("history"));
        runs.add(run("history", "--json", "--since", "999999999999999d"));
        runs.add(run("monitor", "--duration", "1"));
        runs.add(run("decode", capture.toString()));
        runs.add(run("kerberos", "list"));
        return runs;
    }

    private void assertNothingChanged(List<String> before) throws IOException {
        assertEquals(String.join("\n", before), String.join("\n", snapshot()));
    }

    @Test
    void aDamagedHistoryAndAHalfWrittenSettingsFileStayAsTheyAre() throws IOException {
        halfWrittenSettings();
        Files.createDirectories(historyFile().getParent());
        Files.writeString(historyFile(), "this is not an SQLite database, it is damaged\n".repeat(200));
        List<String> before = snapshot();
        List<Run> runs = everyReadOnlyCommand();
        assertNothingChanged(before);

        Run status = runs.getFirst();
        assertEquals(0, status.status(), status.err());
        assertTrue(status.err().contains("could not be used (not valid JSON: the file ends at line 2, column 30,"
                + " before the object that begins at line 1, column 1 is closed). Default settings are in use and the file is left untouched."),
                status.err());
        Run history = runs.get(1);
        assertEquals(1, history.status(), history.err());
        assertTrue(history.err().contains("is not a database") && history.err().contains("the file is left as it is"), history.err());
    }

    @Test
    void aHistoryLeftByAKilledAppIsReadWithItsWalAndNothingIsWritten() throws Exception {
        halfWrittenSettings();
        Path live = home.resolve("live/history.db");
        // A writer still open while its files are copied: the copy is what kill -9 leaves (db, -wal, -shm).
        try (SqliteHistoryStore store = SqliteHistoryStore.open(live, Clock.systemUTC(), e -> { })) {
            store.append(SampleEvents.everyFamily(T0));
            Files.createDirectories(historyFile().getParent());
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.copy(live.resolveSibling("history.db" + suffix), historyFile().resolveSibling("history.db" + suffix));
            }
        }
        assertTrue(Files.size(historyFile().resolveSibling("history.db-wal")) > 0, "the events are in the WAL only");
        List<String> before = snapshot();
        Run history = run("history", "--json");
        assertNothingChanged(before);
        assertEquals(0, history.status(), history.err());
        assertEquals(SampleEvents.everyFamily(T0).size(), history.out().lines().count(), history.out());

        Files.delete(historyFile().resolveSibling("history.db-shm"));
        before = snapshot();
        history = run("history", "--json");
        assertNothingChanged(before);
        assertEquals(SampleEvents.everyFamily(T0).size(), history.out().lines().count(), "a WAL without its index: " + history.err());
    }

    @Test
    void aCleanlyClosedHistoryGetsNoSideFiles() throws Exception {
        try (SqliteHistoryStore store = SqliteHistoryStore.open(historyFile(), Clock.systemUTC(), e -> { })) {
            store.append(SampleEvents.everyFamily(T0));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + historyFile()); Statement s = c.createStatement()) {
            assertTrue(s.executeQuery("PRAGMA journal_mode").getString(1).equalsIgnoreCase("wal"), "the history is a WAL database");
        }
        assertEquals(List.of("history.db"), names(historyFile().getParent()));
        List<String> before = snapshot();
        List<Run> runs = everyReadOnlyCommand();
        assertNothingChanged(before);
        assertEquals(List.of("history.db"), names(historyFile().getParent()), "no -wal or -shm created");
        assertEquals(SampleEvents.everyFamily(T0).size(), runs.get(1).out().lines().count(), runs.get(1).out() + runs.get(1).err());
        assertEquals(0, runs.get(4).status(), runs.get(4).err());
        assertTrue(runs.get(4).out().contains("keys"), new String(runs.get(4).out().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
