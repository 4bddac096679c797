package org.watchtray.app.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.nativeaccess.testing.MutableClock;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.history.HistoryStore.Query;
import org.watchtray.core.history.HistoryStore.StoredEvent;

class SqliteHistoryStoreTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456789Z");
    private final MutableClock clock = new MutableClock(T0);
    private final List<Event> notices = new ArrayList<>();

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("state/watchtray/history.db");
    }

    private SqliteHistoryStore open() {
        return SqliteHistoryStore.open(db(), clock, notices::add);
    }

    private static List<Event> events(List<StoredEvent> stored) {
        return stored.stream().map(StoredEvent::event).toList();
    }

    @Test
    void everyFamilyReadsBackEqualAfterARestart() {
        List<Event> written = SampleEvents.everyFamily(T0);
        try (SqliteHistoryStore store = open()) {
            assertEquals(written.size(), store.append(written));
        }
        try (SqliteHistoryStore store = open()) {
            List<Event> read = new ArrayList<>(events(store.query(Query.all(0))));
            java.util.Collections.reverse(read);
            assertEquals(written, read, "the same typed records, hostile names and raw bytes included");
            assertEquals(written.getFirst().raw(), read.getFirst().raw());
        }
        assertTrue(notices.isEmpty(), notices::toString);
        assertTrue(Files.exists(db()), "created with its directory");
    }

    @Test
    void readMarksSurviveARestart() {
        try (SqliteHistoryStore store = open()) {
            store.append(SampleEvents.everyFamily(T0));
            long third = store.query(Query.all(0)).reversed().get(2).id();
            store.markReadUpTo(third);
            store.append(List.of(SampleEvents.usbError(T0.plusSeconds(60), 1, 4)));
        }
        try (SqliteHistoryStore store = open()) {
            List<StoredEvent> all = store.query(Query.all(0)).reversed();
            assertEquals(List.of(true, true, true), all.subList(0, 3).stream().map(StoredEvent::read).toList());
            assertTrue(all.subList(3, all.size()).stream().noneMatch(StoredEvent::read), "later events stay unread");
        }
    }

    @Test
    void queriesFilterBySinceSourceSeverityTextAndLimit() {
        try (SqliteHistoryStore store = open()) {
            store.append(SampleEvents.everyFamily(T0));
            assertEquals(List.of("usb.over_current", "usb.enumeration_error"),
                    store.query(new Query(null, null, Set.of(SourceId.USB), null, null, 0)).stream().map(s -> s.event().name()).toList());
            assertTrue(store.query(new Query(null, null, Set.of(), Severity.CRITICAL, null, 0)).stream()
                    .allMatch(s -> s.event().severity() == Severity.CRITICAL));
            assertEquals(2, store.query(new Query(null, null, Set.of(), Severity.CRITICAL, null, 0)).size(), "the read-only remount and the over-current");
            assertEquals(List.of("/home"), store.query(new Query(null, null, Set.of(), null, "read-only", 0)).stream()
                    .map(s -> s.event().subject()).toList());
            assertEquals(0, store.query(new Query(null, null, Set.of(), null, "100%_", 0)).size(), "LIKE wildcards are literal");
            List<StoredEvent> recent = store.query(new Query(T0.plusSeconds(12), null, Set.of(), null, null, 0));
            assertEquals(2, recent.size());
            assertEquals(1, store.query(Query.all(1)).size());
        }
    }

    @Test
    void retentionDropsOldEventsAndKeepsTheNewestByCount() {
        try (SqliteHistoryStore store = open()) {
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(SampleEvents.usbError(T0.plus(Duration.ofMinutes(i)), i, 7));
            }
            store.append(batch);
            assertEquals(30, store.prune(T0.plus(Duration.ofMinutes(30)), 1000), "older than the cutoff");
            assertEquals(70, store.size());
            assertEquals(20, store.prune(T0, 50), "beyond the count");
            List<Event> left = events(store.query(Query.all(0)));
            assertEquals(50, left.size());
            assertEquals(T0.plus(Duration.ofMinutes(99)), left.getFirst().time(), "the newest stay");
            assertEquals(T0.plus(Duration.ofMinutes(50)), left.getLast().time());
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsMovedAsideAndANewOneStarted() throws IOException {
        Files.createDirectories(db().getParent());
        Files.writeString(db(), "this is not SQLite\n".repeat(300), StandardCharsets.US_ASCII);
        try (SqliteHistoryStore store = open()) {
            store.append(SampleEvents.everyFamily(T0));
            assertEquals(14, store.size(), "the new history works");
        }
        Path aside = dir.resolve("state/watchtray/history.db.corrupt-20250301T100000Z");
        assertTrue(Files.exists(aside), "kept for the user: " + list());
        assertTrue(Files.readString(aside).startsWith("this is not SQLite"), "moved, not rewritten");
        LossEvent warning = assertInstanceOf(LossEvent.class, notices.getFirst());
        assertEquals(Severity.WARNING, warning.severity());
        assertEquals(SourceId.HISTORY, warning.affected());
        assertTrue(EnglishSummary.of(warning).contains("moved aside to " + aside), EnglishSummary.of(warning));
    }

    @Test
    void aSecondDamageInTheSameSecondKeepsBothCopies() throws IOException {
        Files.createDirectories(db().getParent());
        for (String damage : List.of("first damage\n", "second damage\n")) {
            Files.writeString(db(), damage.repeat(300), StandardCharsets.US_ASCII);
            try (SqliteHistoryStore store = open()) {
                assertEquals(0, store.size());
            }
        }
        Path first = dir.resolve("state/watchtray/history.db.corrupt-20250301T100000Z");
        Path second = dir.resolve("state/watchtray/history.db.corrupt-20250301T100000Z-1");
        assertTrue(Files.readString(first).startsWith("first damage"), list());
        assertTrue(Files.readString(second).startsWith("second damage"), list());
    }

    @Test
    void theWindowsLiveReaderSeesWhatTheRunningOwnerWroteAndChangesNothing() throws IOException {
        try (SqliteHistoryStore owner = open()) {
            List<Event> written = SampleEvents.everyFamily(T0);
            owner.append(written);
            String files = list();
            byte[] before = Files.readAllBytes(db());
            try (SqliteHistoryStore reader = SqliteHistoryStore.openLiveReader(db(), clock)) {
                assertEquals(events(owner.query(Query.all(0))), events(reader.query(Query.all(0))),
                        "the newest rows, committed in the owner's WAL, as the owner reads them");
                assertEquals(written.size(), reader.count(Query.all(0), false));
            }
            assertEquals(files, list(), "no side file made or removed");
            assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(db())), "the file is byte for byte as it was");
        }
        assertTrue(notices.isEmpty(), notices::toString);
    }

    @Test
    void aDamagedPageIsFoundOnOpenAndTheFileMovedAside() throws IOException {
        try (SqliteHistoryStore store = open()) {
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                batch.add(SampleEvents.usbError(T0.plusSeconds(i), i, 5));
            }
            store.append(batch);
        }
        long size = Files.size(db());
        assertTrue(size > 64 * 1024, "several pages: " + size);
        // Overwrite the middle of the file with garbage: b-tree pages that no longer parse.
        try (RandomAccessFile f = new RandomAccessFile(db().toFile(), "rw")) {
            byte[] junk = new byte[16 * 1024];
            java.util.Arrays.fill(junk, (byte) 0x5a);
            f.seek(size / 2 / 4096 * 4096);
            f.write(junk);
        }
        try (SqliteHistoryStore store = open()) {
            assertEquals(0, store.size(), "a fresh history");
        }
        assertEquals(1, notices.size());
        assertTrue(EnglishSummary.of(notices.getFirst()).contains("damaged"), EnglishSummary.of(notices.getFirst()));
        assertTrue(list().contains("history.db.corrupt-20250301T100000Z"), list());
    }

    @Test
    void aRowThisVersionCannotReadIsShownAsAProblemNotDropped() throws Exception {
        try (SqliteHistoryStore store = open()) {
            store.append(SampleEvents.everyFamily(T0).subList(0, 2));
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db());
             var s = c.createStatement()) {
            s.executeUpdate("UPDATE events SET name = 'keys.hologram' WHERE id = 1");
        }
        try (SqliteHistoryStore store = open()) {
            List<Event> read = events(store.query(Query.all(0)));
            assertEquals(2, read.size());
            DecodeProblem p = assertInstanceOf(DecodeProblem.class, read.getLast());
            assertTrue(EnglishSummary.of(p).contains("unknown event 'keys.hologram'"), EnglishSummary.of(p));
            assertEquals(SampleEvents.KEY_LINK_RECORD, p.raw(), "the raw bytes are still there to look at");
        }
    }

    @Test
    void aNewerSchemaIsLeftUntouched() throws Exception {
        try (SqliteHistoryStore store = open()) {
            store.append(SampleEvents.everyFamily(T0));
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db()); var s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        HistoryException e = org.junit.jupiter.api.Assertions.assertThrows(HistoryException.class, this::open);
        assertEquals(HistoryException.Kind.NEWER_SCHEMA, e.kind());
        assertTrue(e.getMessage().contains("newer watchtray"), e.getMessage());
        assertFalse(list().contains("corrupt"), "not treated as damage");
    }

    private String list() {
        try (var s = Files.list(db().getParent())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().toString();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
