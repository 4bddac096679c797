package org.watchtray.app.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.watchtray.app.history.HistoryException.Kind;
import org.watchtray.app.settings.AsideFile;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.EventShapes;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.history.HistoryStore;

/**
 * The history in SQLite (WAL, one connection guarded by this object's lock). A damaged database
 * — found when opening or later — is moved aside as {@code history.db.corrupt-<UTC time>} and a
 * new one started, and {@code notices} gets a warning that says where the old one went. Other
 * failures (disk full, read-only directory) are thrown as {@link HistoryException}s for the
 * caller to report; nothing here retries on a timer.
 */
public final class SqliteHistoryStore implements HistoryStore {
    static final String INSERT = "INSERT INTO events(id, time_ns, source, kind, name, severity, subject, summary, details, raw)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Path file;
    private final Clock clock;
    private final Consumer<Event> notices;
    private final EventCodec codec = new EventCodec();
    /** Kept across batches: its buffer is reused for every row this store writes. */
    private final CompactDetails.Encoder details = new CompactDetails.Encoder();
    private final ReadOnlyHistory.Opened readOnly;
    private Connection connection;
    /** The next row id: this store is the one writer, so ids are given here and the text index gets them in the same batch. */
    private long nextId = -1;
    /** Rows up to this id are in the text index; later ones are searched without it. -1: not read yet. */
    private long textIndexedUpTo = -1;
    /** A {@link #reader()}: never repairs, never writes, never owns the running marker. */
    private boolean readerOnly;

    private SqliteHistoryStore(Path file, Clock clock, Consumer<Event> notices, ReadOnlyHistory.Opened readOnly) {
        this.file = file;
        this.clock = clock;
        this.notices = notices;
        this.readOnly = readOnly;
    }

    /**
     * Opens the history for reading only, for commands such as {@code watchtray history}: it
     * creates, migrates, repairs and moves nothing, and creates no {@code -wal}/{@code -shm}
     * file ({@link ReadOnlyHistory}). A damaged or unreadable file is reported as a
     * {@link HistoryException}; only the app, which owns the file, repairs it.
     */
    public static SqliteHistoryStore openReadOnly(Path file, Clock clock) {
        ReadOnlyHistory.Opened opened = ReadOnlyHistory.open(file);
        SqliteHistoryStore store = new SqliteHistoryStore(file, clock, e -> { }, opened);
        synchronized (store) {
            store.connection = opened.connection();
        }
        return store;
    }

    /**
     * Opens (creating if needed) the history at {@code file}.
     *
     * @param notices receives warnings about what was done on the user's behalf (a damaged file moved aside)
     * @throws HistoryException when the history cannot be used (read-only, full, newer schema …)
     */
    public static SqliteHistoryStore open(Path file, Clock clock, Consumer<Event> notices) {
        SqliteHistoryStore store = new SqliteHistoryStore(file, clock, notices, null);
        synchronized (store) {
            try {
                store.connection = store.connect();
            } catch (HistoryException e) {
                if (e.kind() != Kind.CORRUPT) {
                    throw e;
                }
                store.startOver(e);
            }
            store.takeRunningMarker();
        }
        return store;
    }

    /**
     * A second connection to the same file for reading while this store writes (WAL lets one
     * read while the other writes, so the window's pages never wait behind a batch of writes).
     * It writes nothing and leaves the running marker alone.
     */
    public SqliteHistoryStore reader() {
        SqliteHistoryStore r = new SqliteHistoryStore(file, clock, e -> { }, null);
        r.readerOnly = true;
        Properties p = new Properties();
        p.setProperty("busy_timeout", "5000");
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA query_only = 1");
            }
            synchronized (r) {
                r.connection = c;
            }
        } catch (SQLException e) {
            throw SqliteErrors.of("cannot open " + file + " for reading", e);
        }
        return r;
    }

    /** Marks the history as open by this process; an earlier run that never closed it becomes a loss marker. */
    private void takeRunningMarker() {
        Instant newest = null;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT max(time_ns) FROM events")) {
            if (rs.next() && rs.getObject(1) != null) {
                newest = instant(rs.getLong(1));
            }
        } catch (SQLException e) {
            // The gap is still reported, without its start.
        }
        RunningMarker.take(file, newest, clock.instant()).ifPresent(notices);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized int append(List<Event> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        return withRecovery("writing " + batch.size() + " event(s) to " + file, () -> insert(batch));
    }

    @Override
    public synchronized List<StoredEvent> query(Query query) {
        return withRecovery("reading " + file, () -> select(query));
    }

    @Override
    public synchronized void markReadUpTo(long id) {
        // One number, not a flag per row: "mark all read" touches no event rows (schema 1's read
        // flags stay in their column and still count). Rows written later are not covered.
        withRecovery("marking events read in " + file, () -> {
            try (PreparedStatement s = connection.prepareStatement("INSERT INTO history_meta VALUES ('read_up_to', min(?, (SELECT coalesce(max(id), 0) FROM events)))"
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

    static final int PRUNE_CHUNK = 5000;

    /**
     * Deletes at most {@code chunk} of the oldest rows (by time) that are older than
     * {@code cutoff}, beyond the newest {@code maxEvents}, or while the file holds more than
     * {@code maxBytes}, in one short transaction; then hands the freed pages back to the file
     * system (incremental vacuum), so the file shrinks without a full VACUUM that would hold the
     * writer for seconds.
     */
    @Override
    public synchronized int retainStep(Instant cutoff, int maxEvents, long maxBytes, int chunk) {
        return withRecovery("pruning " + file, () -> {
            // Age first (the time index finds them), then the oldest rows beyond the count or the size.
            String pick = "SELECT id FROM events WHERE time_ns < " + nanos(cutoff) + " ORDER BY time_ns, id LIMIT " + chunk;
            if (!exists("SELECT 1 FROM events WHERE time_ns < " + nanos(cutoff) + " LIMIT 1")) {
                long excess = Math.max(0, countAll() - Math.max(0, maxEvents));
                long limit = excess > 0 ? Math.min(chunk, excess) : usedBytes() > maxBytes ? chunk : 0;
                if (limit == 0) {
                    return 0;
                }
                pick = "SELECT id FROM events ORDER BY time_ns, id LIMIT " + limit;
            }
            String doomed = pick;
            int gone = inTransaction(() -> {
                try (Statement s = connection.createStatement()) {
                    s.execute("CREATE TEMP TABLE IF NOT EXISTS doomed(id INTEGER PRIMARY KEY)");
                    s.execute("DELETE FROM doomed");
                    s.execute("INSERT INTO doomed " + doomed);
                    s.executeUpdate("DELETE FROM events_text WHERE rowid IN (SELECT id FROM doomed)");
                    return s.executeUpdate("DELETE FROM events WHERE id IN (SELECT id FROM doomed)");
                }
            });
            if (gone > 0) {
                giveBackFreePages();
            }
            return gone;
        });
    }

    /**
     * Hands the free pages back to the file system. The driver steps the pragma once, and one
     * step may free only one page, so it runs until none are left.
     */
    private void giveBackFreePages() throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (int i = 0; i < 1_000_000 && freePages(s) > 0; i++) {
                s.execute("PRAGMA incremental_vacuum");
            }
        }
    }

    private static long freePages(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA freelist_count")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private boolean exists(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }

    /**
     * Puts at most {@code chunk} rows written since the last step into the text index. Writing
     * does not index (it would halve the rate a flood is stored at); the writer calls this when
     * it has nothing else to do, and a search covers the rows not yet indexed with its LIKE alone.
     */
    @Override
    public synchronized int tidyStep(int chunk) {
        if (readOnly != null || readerOnly) {
            return 0;
        }
        return withRecovery("indexing " + file + " for search", () -> {
            long from = HistorySchema.textIndexedUpTo(connection);
            long upTo;
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT max(id) FROM (SELECT id FROM events WHERE id > ? ORDER BY id LIMIT ?)")) {
                s.setLong(1, from);
                s.setInt(2, chunk);
                try (ResultSet rs = s.executeQuery()) {
                    upTo = rs.next() && rs.getObject(1) != null ? rs.getLong(1) : from;
                }
            }
            if (upTo == from) {
                textIndexedUpTo = from;
                return 0;
            }
            long last = upTo;
            int n = inTransaction(() -> {
                try (PreparedStatement s = connection.prepareStatement("INSERT INTO events_text(rowid, summary, subject, name)"
                        + " SELECT id, summary, subject, name FROM events WHERE id > ? AND id <= ?")) {
                    s.setLong(1, from);
                    s.setLong(2, last);
                    int indexed = s.executeUpdate();
                    HistorySchema.setTextIndexedUpTo(connection, last);
                    return indexed;
                }
            });
            textIndexedUpTo = upTo;
            return n;
        });
    }

    private long countAll() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Bytes the file's pages hold, free pages not counted. */
    private long usedBytes() throws SQLException {
        try (Statement s = connection.createStatement()) {
            long pages;
            long free;
            long size;
            try (ResultSet rs = s.executeQuery("PRAGMA page_count")) {
                rs.next();
                pages = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("PRAGMA freelist_count")) {
                rs.next();
                free = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("PRAGMA page_size")) {
                rs.next();
                size = rs.getLong(1);
            }
            return (pages - free) * size;
        }
    }

    /** How many events the history holds. */
    public synchronized long size() {
        return withRecovery("counting " + file, () -> {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing is best effort; WAL content was committed by each transaction.
            }
            connection = null;
        }
        if (readOnly != null) {
            readOnly.cleanUp().run();
        } else if (!readerOnly) {
            RunningMarker.release(file);
        }
    }

    private int insert(List<Event> batch) throws SQLException {
        if (nextId < 0) {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) + 1 FROM events")) {
                rs.next();
                nextId = rs.getLong(1);
            }
        }
        long id = nextId;
        connection.setAutoCommit(false);
        try (PreparedStatement s = connection.prepareStatement(INSERT)) {
            for (Event e : batch) {
                String subject = e.subject() == null ? "" : e.subject();
                String summary = EnglishSummary.of(e);
                s.setLong(1, id);
                s.setLong(2, nanos(e.time()));
                s.setString(3, e.source().wireName());
                s.setString(4, EventShapes.of(e).family());
                s.setString(5, e.name());
                s.setInt(6, HistorySchema.stored(e));
                s.setString(7, subject);
                s.setString(8, summary);
                s.setBytes(9, details.encode(e));
                s.setBytes(10, e.raw().isEmpty() ? null : e.raw().value());
                s.addBatch();
                id++;
            }
            s.executeBatch();
            connection.commit();
            nextId = id;
            return batch.size();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            nextId = -1;
            throw e;
        } finally {
            autoCommitQuietly();
        }
    }

    private List<StoredEvent> select(Query q) throws SQLException {
        return page(q, null, false, q.limit());
    }

    /** Where a page ends: the next page starts after this row (keyset pagination, newest first). */
    public record Cursor(long timeNs, long id) {
        public static Cursor of(StoredEvent s) {
            return new Cursor(nanos(s.event().time()), s.id());
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
        return withRecovery("reading " + file, () -> {
            Where w = where(query, keepLoss);
            Cursor from = after;
            boolean inclusive = false;
            if (offset > 0 && after == null) {
                // A jump: find the row at the offset in the index alone, then read the page from it.
                from = rowAt(w, offset);
                if (from == null) {
                    return List.<StoredEvent>of();
                }
                inclusive = true;
                w = where(query, keepLoss);
            }
            if (from != null) {
                w.sql.append(inclusive ? " AND (time_ns, id) <= (?, ?)" : " AND (time_ns, id) < (?, ?)");
                w.args.add(from.timeNs());
                w.args.add(from.id());
            }
            // The event's time decides (events arrive late or out of order); the row id breaks ties stably.
            w.sql.append(" ORDER BY time_ns DESC, id DESC LIMIT ?");
            w.args.add(limit > 0 ? limit : -1);
            return rows("SELECT id, time_ns, kind, name, severity, details, raw,"
                    + " read OR id <= coalesce((SELECT value FROM history_meta WHERE key = 'read_up_to'), 0), source"
                    + " FROM events WHERE " + w.sql, w.args);
        });
    }

    /** The key of the row {@code offset} rows down the filtered order, read from the index only; null past the end. */
    private Cursor rowAt(Where w, long offset) throws SQLException {
        List<Object> args = new ArrayList<>(w.args);
        args.add(offset);
        try (PreparedStatement s = prepared("SELECT time_ns, id FROM events WHERE " + w.sql
                + " ORDER BY time_ns DESC, id DESC LIMIT 1 OFFSET ?", args); ResultSet rs = s.executeQuery()) {
            return rs.next() ? new Cursor(rs.getLong(1), rs.getLong(2)) : null;
        }
    }

    /** How many events match {@code query}. */
    public synchronized long count(Query query, boolean keepLoss) {
        return withRecovery("counting in " + file, () -> {
            Where w = where(query, keepLoss);
            try (PreparedStatement s = prepared("SELECT count(*) FROM events WHERE " + w.sql, w.args); ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Events per time bucket and severity since {@code since}, for the charts: counted by SQLite, not loaded. */
    public synchronized List<Bucket> buckets(Instant since, java.time.Duration width) {
        long w = Math.max(1, width.toNanos());
        return withRecovery("counting in " + file, () -> {
            List<Bucket> out = new ArrayList<>();
            try (PreparedStatement s = prepared("SELECT time_ns / ? AS b, CASE WHEN severity < 0 THEN -1 - severity ELSE severity END AS s, count(*)"
                    + " FROM events WHERE time_ns >= ? GROUP BY b, s ORDER BY b", List.of(w, nanos(since))); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Bucket(instant(rs.getLong(1) * w), HistorySchema.severity(rs.getInt(2)), rs.getLong(3)));
                }
            }
            return out;
        });
    }

    /** {@code count} events of {@code severity} in the bucket starting at {@code start}. */
    public record Bucket(Instant start, Severity severity, long count) {
    }

    /**
     * Events per source in buckets of {@code width} from {@code from}, of those before {@code to}:
     * the rate chart, counted by SQLite in the time index (which holds the source), not loaded.
     */
    public synchronized List<SourceBucket> sourceBuckets(Instant from, Instant to, java.time.Duration width) {
        long w = Math.max(1, width.toNanos());
        long start = nanos(from);
        return withRecovery("counting in " + file, () -> {
            List<SourceBucket> out = new ArrayList<>();
            try (PreparedStatement s = prepared("SELECT (time_ns - ?) / ? AS b, source, count(*) FROM events"
                    + " WHERE time_ns >= ? AND time_ns < ? GROUP BY b, source ORDER BY b", List.of(start, w, start, nanos(to)));
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new SourceBucket(rs.getLong(1), rs.getString(2), rs.getLong(3)));
                }
            }
            return out;
        });
    }

    /** {@code count} events from the source named {@code source} (wire name) in bucket {@code index}. */
    public record SourceBucket(long index, String source, long count) {
    }

    /** When the oldest event happened (read from the time index); null when there is none. */
    public synchronized Instant oldest() {
        return withRecovery("reading " + file, () -> {
            try (PreparedStatement s = prepared("SELECT min(time_ns) FROM events", List.of()); ResultSet rs = s.executeQuery()) {
                long t = rs.next() ? rs.getLong(1) : 0;
                return rs.wasNull() ? null : instant(t);
            }
        });
    }

    private final class Where {
        final StringBuilder sql = new StringBuilder("1 = 1");
        final List<Object> args = new ArrayList<>();
    }

    private Where where(Query q, boolean keepLoss) throws SQLException {
        if (q.text() != null && !q.text().isBlank() && textIndexedUpTo < 0) {
            textIndexedUpTo = HistorySchema.textIndexedUpTo(connection);
        }
        Where w = new Where();
        if (q.since() != null) {
            w.sql.append(" AND time_ns >= ?");
            w.args.add(nanos(q.since()));
        }
        if (q.until() != null) {
            w.sql.append(" AND time_ns < ?");
            w.args.add(nanos(q.until()));
        }
        StringBuilder f = new StringBuilder("1 = 1");
        if (q.sources() != null && !q.sources().isEmpty()) {
            f.append(" AND source IN (").append(placeholders(q.sources().size())).append(')');
            q.sources().forEach(s -> w.args.add(s.wireName()));
        }
        if (q.minSeverity() != null && q.minSeverity() != Severity.INFO) {
            int rank = HistorySchema.rank(q.minSeverity());
            f.append(" AND (severity >= ? OR severity <= ?)");
            w.args.add(rank);
            w.args.add(-1 - rank);
        }
        if (q.text() != null && !q.text().isBlank()) {
            TextSearch.where(q.text(), f, w.args, textIndexedUpTo);
        }
        if (keepLoss && !f.toString().equals("1 = 1")) {
            w.sql.append(" AND (severity < 0 OR (").append(f).append("))");
        } else {
            w.sql.append(" AND ").append(f);
        }
        return w;
    }

    private PreparedStatement prepared(String sql, List<Object> args) throws SQLException {
        PreparedStatement s = connection.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            s.setObject(i + 1, args.get(i));
        }
        return s;
    }

    private List<StoredEvent> rows(String sql, List<Object> args) throws SQLException {
        List<StoredEvent> out = new ArrayList<>();
        try (PreparedStatement s = prepared(sql, args); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                Instant time = instant(rs.getLong(2));
                out.add(new StoredEvent(id, rs.getInt(8) != 0, decode(id, time, rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getBytes(6), rs.getBytes(7), rs.getString(9))));
            }
        }
        return out;
    }

    /** A row this version cannot read is shown as a problem, never dropped and never fatal. */
    private Event decode(long id, Instant time, String kind, String name, int severity, byte[] details, byte[] raw, String source) {
        try {
            if (details.length > 0 && details[0] == '{') {
                return codec.decode(kind, time, new String(details, java.nio.charset.StandardCharsets.UTF_8), raw);
            }
            return CompactDetails.decode(name, time, HistorySchema.severity(severity), details, raw);
        } catch (RuntimeException e) {
            return new DecodeProblem(time, SourceId.HISTORY, id,
                    "history row " + id + " (" + source + ", " + name + ") could not be read: " + e.getMessage(),
                    raw == null ? null : new org.watchtray.core.event.Bytes(raw));
        }
    }

    private Connection connect() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw SqliteErrors.of("cannot create " + file.getParent(), e);
        }
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "NORMAL");
        p.setProperty("busy_timeout", "5000");
        p.setProperty("foreign_keys", "false");
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("PRAGMA quick_check(1)")) {
                    String result = rs.next() ? rs.getString(1) : "no answer";
                    if (!"ok".equals(result)) {
                        throw new HistoryException(Kind.CORRUPT, file + " is damaged: " + result, null);
                    }
                }
                int found = HistorySchema.version(c);
                if (found > HistorySchema.VERSION) {
                    throw new HistoryException(Kind.NEWER_SCHEMA, file + " was written by a newer watchtray (schema "
                            + found + ", this one knows " + HistorySchema.VERSION + "); it is left untouched", null);
                }
                if (found > 0 && found < HistorySchema.VERSION) {
                    upgrade(c, found);
                } else {
                    HistorySchema.migrate(c);
                }
                // A read-only directory lets SQLite read but not write: find out now, not on the first event.
                s.execute("BEGIN IMMEDIATE");
                s.execute("ROLLBACK");
            }
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw SqliteErrors.of("cannot open " + file, e);
        } catch (HistoryException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /**
     * Migrates an older schema in place. A copy of the file is kept beside it until the
     * migration has committed; the migration is one transaction, so a failure (a full disk
     * included) leaves the file as it was, and the copy stays for the user.
     */
    private void upgrade(Connection c, int found) throws SQLException {
        Path backup = file.resolveSibling(file.getFileName() + ".schema" + found + "-backup");
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        try {
            Files.copy(file, backup, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(backup);
            } catch (IOException ignored) {
                // a partial copy; the original is untouched either way
            }
            throw SqliteErrors.of("cannot keep a copy of " + file + " before upgrading it (it is left as it is)", e);
        }
        HistorySchema.migrate(c);
        try (Statement s = c.createStatement()) {
            // Rebuilt once so retention can give space back bit by bit from now on (incremental vacuum).
            s.execute("PRAGMA auto_vacuum = INCREMENTAL");
            s.execute("VACUUM");
        } catch (SQLException e) {
            // Not enough room to rebuild: the history is migrated and works; space is reused, not returned.
        }
        try {
            Files.deleteIfExists(backup);
        } catch (IOException e) {
            // The copy stays; it harms nothing.
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T withRecovery(String what, Work<T> work) {
        if (connection == null) {
            throw new HistoryException(Kind.OTHER, what + ": the history is closed", null);
        }
        try {
            return work.run();
        } catch (SQLException e) {
            HistoryException h = SqliteErrors.of(what, e);
            if (h.kind() != Kind.CORRUPT || readOnly != null || readerOnly) {
                throw h; // a reader never repairs: the app that owns the file does
            }
            closeQuietly(connection);
            connection = null;
            startOver(h);
            try {
                return work.run();
            } catch (SQLException again) {
                throw SqliteErrors.of(what, again);
            }
        }
    }

    /**
     * Moves the damaged database (and its WAL) aside and starts an empty one. The name is never
     * one already taken: a second damage within the same second gets {@code -1} ({@link AsideFile}).
     */
    private void startOver(HistoryException damage) {
        Path aside;
        try {
            aside = AsideFile.moveAside(file, clock.instant(), "-wal", "-shm");
        } catch (IOException e) {
            throw SqliteErrors.of("cannot move the damaged " + file + " aside", e);
        }
        connection = connect();
        nextId = -1;
        textIndexedUpTo = -1;
        notices.accept(new LossEvent(clock.instant(), SourceId.HISTORY, -1,
                "the history file was damaged (" + damage.getMessage() + "); it was moved aside to " + aside
                        + " and a new one started"));
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    private <T> T inTransaction(Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        } finally {
            autoCommitQuietly();
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The transaction is gone either way; the caller reports the original failure.
        }
    }

    /** After a failed commit SQLite has already ended the transaction; the original failure is what matters. */
    private void autoCommitQuietly() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // "cannot commit - no transaction is active" after SQLITE_FULL: nothing left to end.
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // Nothing more to do with a connection we are abandoning.
            }
        }
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
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
