package org.watchtray.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.nativeaccess.testing.MutableClock;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.core.settings.Environment;
import picocli.CommandLine;

class HistoryCommandTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path home;

    private final MutableClock clock = new MutableClock(T0.plusSeconds(3600));

    private record Run(int status, String out, String err) {
    }

    private Run run(String... args) {
        CliContext context = new CliContext(new Environment(Map.of("XDG_STATE_HOME", home.resolve("state").toString()), home), clock, null);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new HistoryCommand(context));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private void fill() {
        try (SqliteHistoryStore store = SqliteHistoryStore.open(home.resolve("state/watchtray/history.db"), clock, e -> { })) {
            store.append(SampleEvents.everyFamily(T0));
            store.append(List.of(SampleEvents.usbError(T0.plusSeconds(3000), 1, 4)));
        }
    }

    @Test
    void printsJsonLinesOldestFirstFilteredBySourceSeverityAndTime() {
        fill();
        Run r = run("--source", "usb", "--json");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.getFirst().contains("\"usb.enumeration_error\""), lines.getFirst());
        assertTrue(lines.get(1).contains("\"usb.over_current\""), lines.get(1));

        Run critical = run("--severity", "critical", "--json");
        assertEquals(2, critical.out().lines().count(), critical.out());

        Run recent = run("--since", "10m");
        assertEquals(1, recent.out().lines().count(), "only the event 50 minutes after T0: " + recent.out());
        assertTrue(recent.out().contains("1-1"), recent.out());

        Run since = run("--since", "2025-03-01T10:00:12Z", "--limit", "5");
        assertEquals(3, since.out().lines().count(), since.out());
    }

    @Test
    void eventsAreInTheOrderTheyHappenedWithEqualTimesInTheOrderTheyArrived() {
        Instant t = Instant.parse("2025-03-01T13:08:27Z");
        try (SqliteHistoryStore store = SqliteHistoryStore.open(home.resolve("state/watchtray/history.db"), clock, e -> { })) {
            // Arrival order: 13:08:29, then a late 13:08:27, then two at 13:08:28.
            store.append(List.of(SampleEvents.usbError(t.plusSeconds(2), 1, 10), SampleEvents.usbError(t, 2, 10)));
            store.append(List.of(SampleEvents.usbError(t.plusSeconds(1), 3, 10), SampleEvents.usbError(t.plusSeconds(1), 4, 10)));
        }
        Run r = run("--json");
        assertEquals(0, r.status(), r.err());
        List<String> ports = r.out().lines().map(l -> l.replaceAll(".*\"subject\":\"([^\"]*)\".*", "$1")).toList();
        assertEquals(List.of("1-2", "1-3", "1-4", "1-1"), ports, r.out());
    }

    @Test
    void readsAHistoryOfSchemaOneWithoutUpgradingIt() throws Exception {
        // history-v1.db: schema 1 as the schema-1 code wrote it (app/src/test/resources/org/watchtray/app/history/README.md).
        Path db = home.resolve("state/watchtray/history.db");
        java.nio.file.Files.createDirectories(db.getParent());
        try (var in = SqliteHistoryStore.class.getResourceAsStream("history-v1.db")) {
            java.nio.file.Files.copy(in, db);
        }
        byte[] before = java.nio.file.Files.readAllBytes(db);
        Run r = run("--source", "usb", "--severity", "warning", "--json");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        // every family's one and the fixture's 500
        assertEquals(1 + 500, lines.stream().filter(l -> l.contains("\"usb.enumeration_error\"")).count(), r.out());
        assertTrue(lines.stream().noneMatch(l -> l.contains("\"severity\":\"info\"")), "the severity filter holds on schema 1's names");
        assertTrue(java.util.Arrays.equals(before, java.nio.file.Files.readAllBytes(db)), "the file is as it was");
        try (var files = java.nio.file.Files.list(db.getParent())) {
            assertEquals(List.of("history.db"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void saysSoWhenThereIsNoHistoryOrTheArgumentsAreWrong() {
        Run none = run();
        assertEquals(0, none.status());
        assertEquals("", none.out());
        assertTrue(none.err().contains("no history yet at " + home.resolve("state/watchtray/history.db")), none.err());

        fill();
        Run bad = run("--since", "yesterday");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--since wants a duration like 30m"), bad.err());
        Run badSource = run("--source", "printer");
        assertEquals(2, badSource.status());
        assertTrue(badSource.err().contains("unknown source 'printer'"), badSource.err());
    }

    @Test
    void sinceFurtherBackThanTimeGoesMeansEverything() {
        fill();
        Run r = run("--since", "999999999999999d");
        assertEquals(0, r.status(), r.err());
        assertEquals(run().out(), r.out());
        assertEquals(SampleEvents.everyFamily(T0).size() + 1, r.out().lines().count(), r.out());
    }

    @Test
    void aRowWithoutAPortIsToldAndTheRestArePrinted() throws Exception {
        Path db = home.resolve("state/watchtray/history.db");
        try (SqliteHistoryStore store = SqliteHistoryStore.open(db, clock, e -> { })) {
            store.append(List.of(SampleEvents.usbError(T0, 1, 4), SampleEvents.usbError(T0.plusSeconds(2), 2, 4)));
        }
        // A USB row whose details have no port (as an agent record with the port absent was stored).
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            // Compact details of format 1 holding no field at all: the required port is missing.
            s.execute("INSERT INTO events(time_ns, source, kind, name, severity, subject, summary, details, raw, read)"
                    + " SELECT time_ns + 1000000000, source, kind, name, severity, subject, summary, x'01',"
                    + " raw, read FROM events WHERE id = 1");
        }
        Run r = run();
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("USB 1-1") && r.out().contains("USB 1-2"), r.out());
        assertTrue(r.out().lines().count() == 3 || r.err().contains("1 event could not be shown"), r.out() + r.err());
    }
}
