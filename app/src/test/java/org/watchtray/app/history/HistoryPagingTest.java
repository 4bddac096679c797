package org.watchtray.app.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.history.HistoryStore.Query;
import org.watchtray.core.history.HistoryStore.StoredEvent;
import org.watchtray.core.usb.UsbEvent;

/** Schema 2's reading side: keyset pages, filters in SQL, literal text search, counts per bucket, bounded retention. */
class HistoryPagingTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private SqliteHistoryStore open() {
        return SqliteHistoryStore.open(dir.resolve("history.db"), Clock.systemUTC(), e -> { });
    }

    private static Query text(String t) {
        return new Query(null, null, Set.of(), null, t, 0);
    }

    @Test
    void pagesFollowOneAnotherWithoutGapOrRepeatEvenAtEqualTimes() {
        try (SqliteHistoryStore store = open()) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                // Two events share each instant, written out of order: the order is time, then arrival.
                events.add(SampleEvents.usbError(T0.plusSeconds((i * 7919L) % 500), i, 1000));
            }
            store.append(events);
            List<StoredEvent> all = store.query(Query.all(0));
            List<StoredEvent> paged = new ArrayList<>();
            SqliteHistoryStore.Cursor at = null;
            for (List<StoredEvent> page; !(page = store.page(Query.all(0), at, false, 64)).isEmpty(); ) {
                paged.addAll(page);
                at = SqliteHistoryStore.Cursor.of(page.getLast());
            }
            assertEquals(all.stream().map(StoredEvent::id).toList(), paged.stream().map(StoredEvent::id).toList());
            assertEquals(1000, store.count(Query.all(0), false));
        }
    }

    @Test
    void aJumpFromTheNearestMarkLandsOnTheSameRowsAsCountingFromTheTop() {
        try (SqliteHistoryStore store = open()) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                // Equal times and arrival out of time order, as in the pages test; every 7th a loss marker.
                Instant t = T0.plusSeconds((i * 7919L) % 400);
                events.add(i % 7 == 0 ? new LossEvent(t, SourceId.HISTORY, 1, "test") : SampleEvents.usbError(t, i, 1000));
            }
            store.append(events);
            for (Query q : List.of(Query.all(0), new Query(null, T0.plusSeconds(300), Set.of(SourceId.KEYS), null, null, 0))) {
                int stride = 64;
                SqliteHistoryStore.Extent extent = store.extent(q, true, stride);
                assertEquals(store.count(q, true), extent.count());
                for (long offset : new long[] {0, 1, stride - 1, stride, stride + 1, 5 * stride + 17, extent.count() - 1, extent.count(),
                        extent.count() + 5}) {
                    assertEquals(ids(store.page(q, null, true, offset, 30)), ids(store.page(q, true, extent, offset, 30)),
                            "rows from " + offset + " of " + extent.count());
                }
            }
            assertEquals(1000 / 64, store.extent(Query.all(0), false, 64).marks().size(), "a mark every 64 rows, none past the end");
        }
    }

    private static List<Long> ids(List<StoredEvent> page) {
        return page.stream().map(StoredEvent::id).toList();
    }

    @Test
    void filtersRunInSqlAndLossMarkersPassThemWhenAsked() {
        try (SqliteHistoryStore store = open()) {
            List<Event> events = new ArrayList<>(SampleEvents.everyFamily(T0));
            events.add(new LossEvent(T0.plusSeconds(50), SourceId.HISTORY, 12, "test"));
            store.append(events);
            Query critical = new Query(null, null, Set.of(), Severity.CRITICAL, null, 0);
            List<StoredEvent> rows = store.page(critical, null, false, 0);
            assertTrue(!rows.isEmpty() && rows.stream().allMatch(s -> s.event().severity() == Severity.CRITICAL), rows.toString());
            List<StoredEvent> withLoss = store.page(critical, null, true, 0);
            long losses = events.stream().filter(e -> e instanceof LossEvent).count();
            assertEquals(rows.size() + losses, withLoss.size(), "the gaps stay visible");
            Query usb = new Query(null, null, Set.of(SourceId.USB), null, null, 0);
            assertTrue(store.page(usb, null, false, 0).stream().allMatch(s -> s.event() instanceof UsbEvent));
            Query later = new Query(T0.plusSeconds(40), null, Set.of(), null, null, 0);
            assertEquals(1, store.count(later, false));
        }
    }

    @Test
    void searchMatchesWhatIsTypedLiterally() {
        try (SqliteHistoryStore store = open()) {
            store.append(List.of(
                    new UsbEvent(T0, UsbEvent.Change.RESET, "1-1", "Disk 50%_\"*' OR 1=1 --", "", 0, 1, 0),
                    new UsbEvent(T0.plusSeconds(1), UsbEvent.Change.RESET, "1-2", "Disk 50 percent", "", 0, 1, 0),
                    new UsbEvent(T0.plusSeconds(2), UsbEvent.Change.RESET, "2-1", "sdc2 reader", "", 0, 1, 0)));
            assertEquals(1, store.count(text("50%_\"*' OR 1=1 --"), false), "SQL and FTS syntax as plain characters");
            assertEquals(1, store.count(text("50%"), false), "% is no wildcard");
            assertEquals(1, store.count(text("SDC2"), false), "case does not matter");
            assertEquals(1, store.count(text("sdc"), false), "a word's beginning finds it");
            assertEquals(1, store.count(text("\"*"), false), "punctuation only: found without the index");
            assertEquals(3, store.count(text("usb"), false));
            assertEquals(0, store.count(text("NEAR(a b)"), false));
        }
    }

    @Test
    void chartsCountInSql() {
        try (SqliteHistoryStore store = open()) {
            store.append(List.of(SampleEvents.usbError(T0, 1, 4), SampleEvents.usbError(T0.plusSeconds(10), 2, 4),
                    SampleEvents.usbError(T0.plusSeconds(3600), 3, 4)));
            List<SqliteHistoryStore.Bucket> b = store.buckets(T0, Duration.ofHours(1));
            assertEquals(2, b.size(), b.toString());
            assertEquals(2, b.getFirst().count());
            assertEquals(T0, b.getFirst().start());
        }
    }

    @Test
    void chartsCountPerSourceInSqlBetweenTwoTimes() {
        try (SqliteHistoryStore store = open()) {
            assertEquals(null, store.oldest(), "an empty history has no oldest event");
            store.append(List.of(SampleEvents.usbError(T0.plusSeconds(5), 1, 4), SampleEvents.usbError(T0.plusSeconds(7200), 2, 4),
                    new LossEvent(T0.plusSeconds(7300), SourceId.KEYS, 3, "overflow"),
                    SampleEvents.usbError(T0.plusSeconds(9000), 3, 4), SampleEvents.usbError(T0.minusSeconds(1), 4, 4)));
            assertEquals(T0.minusSeconds(1), store.oldest());
            List<SqliteHistoryStore.SourceBucket> b = store.sourceBuckets(T0, T0.plusSeconds(9000), Duration.ofHours(1));
            assertEquals(List.of(new SqliteHistoryStore.SourceBucket(0, "usb", 1), new SqliteHistoryStore.SourceBucket(2, "meta", 1),
                    new SqliteHistoryStore.SourceBucket(2, "usb", 1)), b.stream().sorted(java.util.Comparator
                    .comparingLong(SqliteHistoryStore.SourceBucket::index).thenComparing(SqliteHistoryStore.SourceBucket::source)).toList(),
                    "from inclusive, to exclusive, buckets counted from the start");
        }
    }

    @Test
    void retentionGoesInBoundedStepsAndGivesTheSpaceBack() throws Exception {
        Path file = dir.resolve("history.db");
        try (SqliteHistoryStore store = open()) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                events.add(new UsbEvent(T0.plusSeconds(i), UsbEvent.Change.RESET, "1-" + i, "x".repeat(200), "", 0, 1, 0));
            }
            store.append(events);
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            long big = Files.size(file);
            assertEquals(1000, store.retainStep(T0.plusSeconds(10_000), Integer.MAX_VALUE, Long.MAX_VALUE, 1000),
                    "one step drops at most a chunk");
            int steps = 1;
            while (store.retainStep(T0.plusSeconds(10_000), 5000, Long.MAX_VALUE, 1000) > 0) {
                steps++;
            }
            assertEquals(5000, store.size(), "age, then count");
            assertEquals(15, steps);
            assertEquals(T0.plusSeconds(15_000), store.query(Query.all(0)).getLast().event().time(), "the oldest went first");
            assertEquals(0, store.count(text("1-100"), false), "gone from the text index too");
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            long small = Files.size(file);
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement();
                 var rs = s.executeQuery("PRAGMA auto_vacuum")) {
                assertEquals(2, rs.getInt(1), "incremental");
            }
            assertTrue(small < big / 2, "the file shrank: " + big + " -> " + small);
            while (store.retainStep(Instant.EPOCH, Integer.MAX_VALUE, small / 2, 1000) > 0) {
                steps++;
            }
            assertTrue(store.size() < 5000 && store.size() > 0, "the size limit drops the oldest: " + store.size());
        }
    }
}
