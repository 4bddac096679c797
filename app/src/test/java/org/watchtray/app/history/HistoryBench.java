package org.watchtray.app.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.app.ui.timeline.TimelineViewModel;
import org.watchtray.core.event.Event;
import org.watchtray.core.history.HistoryStore.Query;
import org.watchtray.core.history.HistoryStore.StoredEvent;

/**
 * Run by {@code bench/history}: the history's insert rate against a baseline measured in the same
 * run (the same rows as bare INSERTs into a one-table SQLite file, same pragmas, same batch size),
 * and the time to open the timeline with 100,000 events in the history (query + decode + rows).
 */
public final class HistoryBench {
    private HistoryBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int batch = 4096;
        Path dir = Files.createTempDirectory("watchtray-bench");
        Instant t0 = Instant.now().minusSeconds(3600);
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(SampleEvents.usbError(t0.plusMillis(i), i, n));
        }
        for (int round = 0; round < 3; round++) {
            double base = baseline(dir.resolve("baseline-" + round + ".db"), events, batch);
            Path db = dir.resolve("history-" + round + ".db");
            long a = System.nanoTime();
            try (SqliteHistoryStore store = SqliteHistoryStore.open(db, Clock.systemUTC(), e -> { })) {
                for (int i = 0; i < n; i += batch) {
                    store.append(events.subList(i, Math.min(n, i + batch)));
                }
            }
            double history = n / ((System.nanoTime() - a) / 1e9);

            long b = System.nanoTime();
            List<StoredEvent> stored;
            try (SqliteHistoryStore store = SqliteHistoryStore.open(db, Clock.systemUTC(), e -> { })) {
                stored = store.query(Query.all(100_000));
            }
            long queried = System.nanoTime();
            TimelineViewModel model = new TimelineViewModel(Clock.systemUTC(), 100_000, () -> { });
            model.restore(stored);
            long shown = System.nanoTime();
            System.out.printf("round %d: history insert %,.0f events/s, baseline bare insert %,.0f rows/s, ratio %.2f;"
                            + " open timeline with %,d events: %.0f ms (open+query+decode %.0f ms, rows %.0f ms), %,d rows%n",
                    round, history, base, history / base, stored.size(), (shown - b) / 1e6, (queried - b) / 1e6,
                    (shown - queried) / 1e6, model.totalRows().get());
        }
    }

    private static double baseline(Path db, List<Event> events, int batch) throws Exception {
        long a = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("CREATE TABLE t(time_ns INTEGER, source TEXT, summary TEXT)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
                for (int i = 0; i < events.size(); i++) {
                    Event e = events.get(i);
                    p.setLong(1, e.time().toEpochMilli());
                    p.setString(2, "usb");
                    p.setString(3, "x");
                    p.addBatch();
                    if ((i + 1) % batch == 0) {
                        p.executeBatch();
                        c.commit();
                    }
                }
                p.executeBatch();
                c.commit();
            }
        }
        return events.size() / ((System.nanoTime() - a) / 1e9);
    }
}
