package org.watchtray.app.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.event.Event;
import org.watchtray.core.settings.Settings;

/**
 * The ingest half of {@code bench/history}: the history writer fills a file with the events,
 * and a bare table takes the same rows (the same column values the writer stores, details
 * encoded beforehand) with batched INSERTs, no keys, no indexes and no text index, the same
 * pragmas and batch size. The bare table is
 * filled before and after the writer and the two rates averaged, so a change of load during the
 * run weighs on both sides.
 */
final class HistoryFill {
    static final int BATCH = 4096;

    private HistoryFill() {
    }

    /** Events a second: the writer (accept to idle, nothing dropped). */
    static double writer(Path file, List<Event> events) throws Exception {
        try (SqliteHistoryStore store = SqliteHistoryStore.open(file, Clock.systemUTC(), e -> { })) {
            HistoryWriter writer = new HistoryWriter(store, "bench", new Settings.History(Duration.ofDays(3650), Integer.MAX_VALUE),
                    Clock.systemUTC(), batch -> { }, events.size() + 1);
            writer.start();
            long a = System.nanoTime();
            for (int i = 0; i < events.size(); i += BATCH) {
                writer.accept(events.subList(i, Math.min(events.size(), i + BATCH)));
            }
            if (!writer.awaitIdle(Duration.ofMinutes(30))) {
                throw new IllegalStateException("the writer did not finish");
            }
            double rate = events.size() / ((System.nanoTime() - a) / 1e9);
            writer.close();
            // The writer leaves the text index to its idle time; here it catches up at once, timed.
            long b = System.nanoTime();
            long indexed = 0;
            for (int n; (n = store.tidyStep(HistoryWriter.TIDY_CHUNK)) > 0; ) {
                indexed += n;
            }
            System.out.printf("text index: %,d rows indexed in idle steps at %,.0f rows/s%n", indexed,
                    indexed / Math.max(1e-9, (System.nanoTime() - b) / 1e9));
            return rate;
        }
    }

    /** Rows a second: the same rows, bare. */
    static double bare(Path file, List<Event> events) throws Exception {
        List<Object[]> rows = new ArrayList<>(events.size());
        long id = 1;
        for (Event e : events) {
            rows.add(new Object[] {id++, SqliteHistoryStore.nanos(e.time()), e.source().wireName(),
                    org.watchtray.core.event.EventShapes.of(e).family(), e.name(), HistorySchema.stored(e),
                    e.subject() == null ? "" : e.subject(), org.watchtray.core.event.EnglishSummary.of(e), CompactDetails.encode(e),
                    e.raw().isEmpty() ? null : e.raw().value()});
        }
        String columns = "id, time_ns, source, kind, name, severity, subject, summary, details, raw";
        int n = columns.split(",").length;
        long a = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("CREATE TABLE t(" + columns + ")");
            }
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (" + "?, ".repeat(n - 1) + "?)")) {
                for (int i = 0; i < rows.size(); i++) {
                    Object[] r = rows.get(i);
                    for (int k = 0; k < n; k++) {
                        bind(p, k + 1, r[k]);
                    }
                    p.addBatch();
                    if ((i + 1) % BATCH == 0) {
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

    /** The typed setter, as the store binds each column. */
    private static void bind(PreparedStatement p, int k, Object v) throws java.sql.SQLException {
        switch (v) {
            case null -> p.setNull(k, java.sql.Types.NULL);
            case Long l -> p.setLong(k, l);
            case Integer i -> p.setInt(k, i);
            case String t -> p.setString(k, t);
            case byte[] b -> p.setBytes(k, b);
            default -> throw new IllegalArgumentException(v.getClass().toString());
        }
    }
}
