package org.watchtray.app.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.watchtray.app.history.HistoryConnection.Role;
import org.watchtray.app.history.HistoryException.Kind;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.history.HistoryStore;

/**
 * The history in SQLite (WAL, one connection guarded by this object's lock): the front that the
 * app, the timeline and {@code watchtray history} call. The work is done by small parts, each
 * with one job: {@link HistoryMigration} opens and upgrades the file, {@link HistoryConnection}
 * turns failures into {@link HistoryException}s and replaces a damaged file (moved aside as
 * {@code history.db.corrupt-<UTC time>}, with a warning to {@code notices} that says where),
 * {@link EventRows} writes batches, {@link HistoryQueries} reads pages and counts,
 * {@link Retention} keeps the file bounded and {@link TextIndexing} fills the search index.
 * Other failures (disk full, read-only directory) are thrown for the caller to report; nothing
 * here retries on a timer.
 */
public final class SqliteHistoryStore implements HistoryStore {
    static final int PRUNE_CHUNK = 5000;

    private final EventRows rows = new EventRows();
    private final HistoryConnection db;
    private final HistoryQueries queries;
    private final Retention retention;
    private final TextIndexing text;
    private final Clock clock;

    private SqliteHistoryStore(Path file, Clock clock, Consumer<Event> notices, Role role, Connection c, Runnable cleanUp) {
        this.clock = clock;
        this.db = new HistoryConnection(file, clock, notices, role, c, cleanUp, rows::forget);
        this.queries = new HistoryQueries(db);
        this.retention = new Retention(db);
        this.text = new TextIndexing(db);
    }

    /**
     * Opens the history for reading only, for commands such as {@code watchtray history}: it
     * creates, migrates, repairs and moves nothing, and creates no {@code -wal}/{@code -shm}
     * file ({@link ReadOnlyHistory}); a file of an older schema is read as it is. A damaged or
     * unreadable file is reported as a {@link HistoryException}; only the app, which owns the
     * file, repairs it.
     */
    public static SqliteHistoryStore openReadOnly(Path file, Clock clock) {
        return readOnly(file, clock, true);
    }

    /**
     * Like {@link #openReadOnly}, for the window process reading the history that the running tray
     * owns: the tray checked the file when it opened it, so the whole-file integrity scan (which
     * reads every page: hundreds of milliseconds over 100,000 events, before the window's first
     * frame) is left out. Damage found later is an error of the query that meets it.
     */
    public static SqliteHistoryStore openLiveReader(Path file, Clock clock) {
        return readOnly(file, clock, false);
    }

    /**
     * Loads SQLite's JDBC driver and its native library (unpacked from the jar on first use in a
     * process), so that a later open does not pay for it; failures are left to that open.
     */
    public static void loadDriver() {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            c.isValid(0);
        } catch (SQLException e) {
            System.getLogger(SqliteHistoryStore.class.getName()).log(System.Logger.Level.DEBUG, "SQLite did not load ahead: {0}", e.toString());
        }
    }

    private static SqliteHistoryStore readOnly(Path file, Clock clock, boolean scan) {
        ReadOnlyHistory.Opened opened = ReadOnlyHistory.open(file, scan);
        return new SqliteHistoryStore(file, clock, e -> { }, Role.READ_ONLY, opened.connection(), opened.cleanUp());
    }

    /**
     * Opens (creating if needed) the history at {@code file}.
     *
     * @param notices receives warnings about what was done on the user's behalf (a damaged file moved aside)
     * @throws HistoryException when the history cannot be used (read-only, full, newer schema …)
     */
    public static SqliteHistoryStore open(Path file, Clock clock, Consumer<Event> notices) {
        Connection c = null;
        HistoryException damage = null;
        try {
            c = HistoryMigration.open(file);
        } catch (HistoryException e) {
            if (e.kind() != Kind.CORRUPT) {
                throw e;
            }
            damage = e;
        }
        SqliteHistoryStore store = new SqliteHistoryStore(file, clock, notices, Role.OWNER, c, () -> RunningMarker.release(file));
        synchronized (store) {
            if (damage != null) {
                store.db.startOver(damage);
            }
            store.takeRunningMarker(notices);
        }
        return store;
    }

    /**
     * A second connection to the same file for reading while this store writes (WAL lets one
     * read while the other writes, so the window's pages never wait behind a batch of writes).
     * It writes nothing and leaves the running marker alone.
     */
    public SqliteHistoryStore reader() {
        Properties p = new Properties();
        p.setProperty("busy_timeout", "5000");
        Path file = db.file();
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA query_only = 1");
            }
            return new SqliteHistoryStore(file, clock, e -> { }, Role.READER, c, () -> { });
        } catch (SQLException e) {
            throw SqliteErrors.of("cannot open " + file + " for reading", e);
        }
    }

    /** Marks the history as open by this process; an earlier run that never closed it becomes a loss marker. */
    private void takeRunningMarker(Consumer<Event> notices) {
        Instant newest = null;
        try {
            newest = queries.newest();
        } catch (SQLException e) {
            // The gap is still reported, without its start.
        }
        RunningMarker.take(db.file(), newest, clock.instant()).ifPresent(notices);
    }

    public Path file() {
        return db.file();
    }

    @Override
    public synchronized int append(List<Event> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        return db.withRecovery("writing " + batch.size() + " event(s) to " + db.file(), () -> rows.insert(db, batch));
    }

    @Override
    public synchronized List<StoredEvent> query(Query query) {
        return db.withRecovery("reading " + db.file(), () -> queries.page(query, null, false, 0, query.limit()));
    }

    @Override
    public synchronized void markReadUpTo(long id) {
        // One number, not a flag per row: "mark all read" touches no event rows (schema 1's read
        // flags stay in their column and still count). Rows written later are not covered.
        db.withRecovery("marking events read in " + db.file(), () -> {
            try (PreparedStatement s = db.sql().prepareStatement("INSERT INTO history_meta VALUES ('read_up_to', min(?, (SELECT coalesce(max(id), 0) FROM events)))"
                    + " ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)")) {
                s.setLong(1, id);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public synchronized int prune(Instant cutoff, int maxEvents) {
        int gone = 0;
        for (int n; (n = retainStep(cutoff, maxEvents, Long.MAX_VALUE, PRUNE_CHUNK)) > 0; ) {
            gone += n;
        }
        return gone;
    }

    /** One bounded step of retention ({@link Retention#step}). */
    @Override
    public synchronized int retainStep(Instant cutoff, int maxEvents, long maxBytes, int chunk) {
        return db.withRecovery("pruning " + db.file(), () -> retention.step(cutoff, maxEvents, maxBytes, chunk));
    }

    /** One bounded step of indexing for search ({@link TextIndexing}); readers index nothing. */
    @Override
    public synchronized int tidyStep(int chunk) {
        if (db.role() != Role.OWNER) {
            return 0;
        }
        return db.withRecovery("indexing " + db.file() + " for search", () -> text.step(chunk));
    }

    /** How many events the history holds. */
    public synchronized long size() {
        return db.withRecovery("counting " + db.file(), retention::count);
    }

    @Override
    public synchronized void close() {
        db.close();
    }

    /** Where a page ends: the next page starts after this row (keyset pagination, newest first). */
    public record Cursor(long timeNs, long id) {
        public static Cursor of(StoredEvent s) {
            return new Cursor(nanos(s.event().time()), s.id());
        }
    }

    /**
     * How many events a query matches, and the key of every {@code stride}-th (mark {@code j} is
     * the row {@code (j + 1) * stride} down, newest first), so a jump to any row counts fewer
     * than {@code stride} rows in the index instead of every row above it.
     */
    public record Extent(long count, int stride, List<Cursor> marks) {
        /** A mark and its row's place in the order. */
        public record Mark(Cursor key, long offset) {
        }

        /** The nearest mark at or above row {@code offset}; null when the first mark is below it. */
        public Mark markAtOrBefore(long offset) {
            long k = Math.min(offset / stride, marks.size());
            return k == 0 ? null : new Mark(marks.get((int) k - 1), k * stride);
        }
    }

    /**
     * One page of {@code query}'s events, newest first, after {@code after} (null: from the
     * newest). Reads an index in order and stops after {@code limit} rows, so a page costs the
     * same wherever it lies in the history.
     *
     * @param keepLoss loss markers pass every filter but time (the timeline never hides a gap)
     */
    public List<StoredEvent> page(Query query, Cursor after, boolean keepLoss, int limit) {
        return page(query, after, keepLoss, 0, limit);
    }

    /**
     * As {@link #page(Query, Cursor, boolean, int)}, skipping {@code offset} rows first: for a
     * jump to a point no page near it was read for. The skipped rows are counted in the index
     * alone (severity and source are in it); only the page's rows are read.
     */
    public synchronized List<StoredEvent> page(Query query, Cursor after, boolean keepLoss, long offset, int limit) {
        return db.withRecovery("reading " + db.file(), () -> queries.page(query, after, keepLoss, offset, limit));
    }

    /** As a jump of {@link #page(Query, Cursor, boolean, long, int)}, counted from the nearest mark of {@code extent}. */
    public synchronized List<StoredEvent> page(Query query, boolean keepLoss, Extent extent, long offset, int limit) {
        return db.withRecovery("reading " + db.file(), () -> queries.pageAt(query, keepLoss, extent, offset, limit));
    }

    /** How many events match {@code query}. */
    public synchronized long count(Query query, boolean keepLoss) {
        return db.withRecovery("counting in " + db.file(), () -> queries.count(query, keepLoss));
    }

    /** How many events match {@code query}, with a mark every {@code stride} rows ({@link Extent}). */
    public synchronized Extent extent(Query query, boolean keepLoss, int stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("stride < 1");
        }
        return db.withRecovery("counting in " + db.file(), () -> queries.extent(query, keepLoss, stride));
    }

    /** Events per time bucket and severity since {@code since}, for the charts: counted by SQLite, not loaded. */
    public synchronized List<Bucket> buckets(Instant since, Duration width) {
        return db.withRecovery("counting in " + db.file(), () -> queries.buckets(since, width));
    }

    /** {@code count} events of {@code severity} in the bucket starting at {@code start}. */
    public record Bucket(Instant start, Severity severity, long count) {
    }

    /**
     * Events per source in buckets of {@code width} from {@code from}, of those before {@code to}:
     * the rate chart, counted by SQLite in the time index (which holds the source), not loaded.
     */
    public synchronized List<SourceBucket> sourceBuckets(Instant from, Instant to, Duration width) {
        return db.withRecovery("counting in " + db.file(), () -> queries.sourceBuckets(from, to, width));
    }

    /** {@code count} events from the source named {@code source} (wire name) in bucket {@code index}. */
    public record SourceBucket(long index, String source, long count) {
    }

    /** What events are grouped by, beside their day. */
    public enum GroupBy { DAY, SOURCE, SUBJECT }

    /**
     * {@code count} events of local day {@code day} (days since the epoch) and, when grouped by
     * more than the day, of source or object {@code key} (its wire name or text; "" by day alone),
     * the newest at {@code newest}, the worst of them {@code worst}.
     */
    public record Group(long day, String key, long count, Instant newest, Severity worst) {
    }

    /**
     * {@code query}'s events grouped per local day ({@code offsetSeconds} east of UTC) and
     * {@code by}, newest day first: counted by SQLite. Ask for a bounded time range: grouping by
     * object reads the rows.
     */
    public synchronized List<Group> groups(Query query, GroupBy by, int offsetSeconds) {
        return db.withRecovery("counting in " + db.file(), () -> queries.groups(query, by, offsetSeconds));
    }

    /** When the oldest event happened (read from the time index); null when there is none. */
    public synchronized Instant oldest() {
        return db.withRecovery("reading " + db.file(), queries::oldest);
    }

    static long nanos(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
