package org.watchtray.app.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.history.HistoryStore.Query;
import org.watchtray.core.history.HistoryStore.StoredEvent;
import org.watchtray.core.mounts.MountEvent;

/** A schema-1 history written by the code of that time ({@link HistoryV1Fixture}) is upgraded in place, nothing lost. */
class HistoryMigrationTest {
    @TempDir
    Path dir;

    private Path copyOfFixture() throws Exception {
        Path db = dir.resolve("history.db");
        try (InputStream in = HistoryMigrationTest.class.getResourceAsStream("history-v1.db")) {
            Files.copy(in, db);
        }
        return db;
    }

    private static int userVersion(Path db) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement();
             var rs = s.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        }
    }

    @Test
    void everyEventOfSchemaOneReadsBackEqualAfterTheUpgrade() throws Exception {
        Path db = copyOfFixture();
        assertEquals(1, userVersion(db));
        List<Event> expected = HistoryV1Fixture.events();
        try (SqliteHistoryStore store = SqliteHistoryStore.open(db, Clock.fixed(HistoryV1Fixture.T0, ZoneOffset.UTC), e -> { })) {
            assertEveryEventOfTheFixture(store, expected);

            // The upgraded rows are in the text index and the columns the timeline filters on.
            assertTrue(store.count(new Query(null, null, java.util.Set.of(), null, "descriptor read", 0), false) >= 500,
                    "the text index holds the upgraded rows");
            assertFalse(store.page(new Query(null, null, java.util.Set.of(), org.watchtray.core.event.Severity.WARNING,
                    null, 0), null, false, 10).isEmpty());
            store.append(List.of(org.watchtray.app.testing.SampleEvents.usbError(HistoryV1Fixture.T0.plusSeconds(3600), 7, 2)));
            assertEquals(expected.size() + 2, store.size(), "new rows go on after the old ones");
        }
        assertEquals(HistorySchema.VERSION, userVersion(db));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("backup")), "the backup is gone once the upgrade succeeded");
        }
    }

    /** Every row of the fixture reads back as written, the unreadable one as a problem, read marks kept. */
    private static void assertEveryEventOfTheFixture(SqliteHistoryStore store, List<Event> expected) {
        List<StoredEvent> all = store.query(Query.all(0)).reversed();
        assertEquals(expected.size() + 1, all.size(), "every row, the unreadable one included");
        List<Event> readable = new ArrayList<>();
        DecodeProblem unreadable = null;
        for (StoredEvent s : all) {
            if (s.event() instanceof DecodeProblem p && p.problem().contains("hologram")) {
                unreadable = p;
            } else {
                readable.add(s.event());
            }
        }
        assertEquals(expected, readable, "the same events, hostile names and raw bytes included");
        assertTrue(unreadable != null && org.watchtray.core.event.EnglishSummary.of(unreadable).contains("usb.hologram"), String.valueOf(unreadable));
        MountEvent burst = (MountEvent) readable.stream().filter(e -> e instanceof MountEvent m && m.burst() != null)
                .findFirst().orElseThrow();
        assertEquals(4, burst.burst().other(), "schema 1's burst_other is today's burst_changed");
        assertEquals("4", String.valueOf(burst.details().get("burst_changed")));
        assertEquals(5, all.stream().filter(StoredEvent::read).count(), "read marks kept");
        assertTrue(all.stream().filter(StoredEvent::read).allMatch(r -> r.id() <= 5), "on the first five rows written");
    }

    @Test
    void aReadOnlyOpenReadsSchemaOneAsItIsAndWritesNothing() throws Exception {
        Path db = copyOfFixture();
        byte[] before = Files.readAllBytes(db);
        try (SqliteHistoryStore store = SqliteHistoryStore.openReadOnly(db, Clock.fixed(HistoryV1Fixture.T0, ZoneOffset.UTC))) {
            assertEveryEventOfTheFixture(store, HistoryV1Fixture.events());
            // The filters the CLI and the timeline use, on schema 1's columns (severity by name, no text index).
            assertEquals(501, store.count(new Query(null, null, java.util.Set.of(), null, "descriptor read", 0), false),
                    "a search finds the 500 USB errors and every family's one without a text index");
            List<StoredEvent> warnings = store.page(new Query(null, null, java.util.Set.of(), org.watchtray.core.event.Severity.WARNING,
                    null, 0), null, false, 0);
            assertFalse(warnings.isEmpty());
            assertTrue(warnings.stream().allMatch(s -> s.event().severity().compareTo(org.watchtray.core.event.Severity.WARNING) >= 0),
                    warnings.toString());
            assertEquals(HistoryV1Fixture.events().size() + 1,
                    store.extent(Query.all(0), true, 64).count(), "the timeline's count and marks work on it too");
        }
        assertEquals(1, userVersion(db), "not upgraded: only the running app upgrades");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(db)), "the file is byte for byte as it was");
        try (var files = Files.list(dir)) {
            assertEquals(List.of("history.db"), files.map(p -> p.getFileName().toString()).toList(), "no side file, copy or marker");
        }
    }

    @Test
    void aFailedUpgradeLeavesTheFileAsItWasAndKeepsTheCopy() throws Exception {
        Path db = copyOfFixture();
        byte[] before = Files.readAllBytes(db);
        // A table in the way of the upgrade: its CREATE fails inside the one transaction.
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            s.execute("CREATE TABLE events_v1(x)");
        }
        byte[] blocked = Files.readAllBytes(db);
        HistoryException e = assertThrows(HistoryException.class,
                () -> SqliteHistoryStore.open(db, Clock.systemUTC(), x -> { }).close());
        assertTrue(e.getMessage().contains(db.toString()), e.getMessage());
        assertEquals(1, userVersion(db), "still schema 1");
        Path backup = dir.resolve("history.db.schema1-backup");
        assertTrue(Files.exists(backup), "the copy is kept until an upgrade succeeds");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM events")) {
            assertEquals(HistoryV1Fixture.events().size() + 1, rs.getInt(1), "every row still there");
        }
        assertTrue(before.length > 0 && blocked.length > 0);
    }
}
