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
    private static final String INSERT = "INSERT INTO events(time_ns, source, kind, name, severity, subject, summary, details, raw)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Path file;
    private final Clock clock;
    private final Consumer<Event> notices;
    private final EventCodec codec = new EventCodec();
    private final ReadOnlyHistory.Opened readOnly;
    private Connection connection;

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
        withRecovery("marking events read in " + file, () -> {
            try (PreparedStatement s = connection.prepareStatement("UPDATE events SET read = 1 WHERE read = 0 AND id <= ?")) {
                s.setLong(1, id);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public synchronized int prune(Instant cutoff, int maxEvents) {
        return withRecovery("pruning " + file, () -> {
            int gone;
            try (PreparedStatement s = connection.prepareStatement("DELETE FROM events WHERE time_ns < ?")) {
                s.setLong(1, nanos(cutoff));
                gone = s.executeUpdate();
            }
            // Keep the newest maxEvents rows by id (the order they arrived in).
            try (PreparedStatement s = connection.prepareStatement(
                    "DELETE FROM events WHERE id <= (SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
                s.setInt(1, Math.max(0, maxEvents));
                gone += s.executeUpdate();
            }
            return gone;
        });
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
        } else {
            RunningMarker.release(file);
        }
    }

    private int insert(List<Event> batch) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement s = connection.prepareStatement(INSERT)) {
            for (Event e : batch) {
                EventCodec.Encoded enc = codec.encode(e);
                s.setLong(1, nanos(e.time()));
                s.setString(2, e.source().wireName());
                s.setString(3, enc.kind());
                s.setString(4, e.name());
                s.setString(5, e.severity().wireName());
                s.setString(6, e.subject() == null ? "" : e.subject());
                s.setString(7, EnglishSummary.of(e));
                s.setString(8, enc.details());
                s.setBytes(9, e.raw().isEmpty() ? null : e.raw().value());
                s.addBatch();
            }
            s.executeBatch();
            connection.commit();
            return batch.size();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        } finally {
            autoCommitQuietly();
        }
    }

    private List<StoredEvent> select(Query q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT id, time_ns, kind, details, raw, read, source FROM events WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.since() != null) {
            sql.append(" AND time_ns >= ?");
            args.add(nanos(q.since()));
        }
        if (q.until() != null) {
            sql.append(" AND time_ns < ?");
            args.add(nanos(q.until()));
        }
        if (q.sources() != null && !q.sources().isEmpty()) {
            sql.append(" AND source IN (").append(placeholders(q.sources().size())).append(')');
            q.sources().forEach(s -> args.add(s.wireName()));
        }
        if (q.minSeverity() != null) {
            List<Severity> atLeast = java.util.Arrays.stream(Severity.values()).filter(s -> s.atLeast(q.minSeverity())).toList();
            sql.append(" AND severity IN (").append(placeholders(atLeast.size())).append(')');
            atLeast.forEach(s -> args.add(s.wireName()));
        }
        if (q.text() != null && !q.text().isBlank()) {
            String like = "%" + q.text().strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append(" AND (summary LIKE ? ESCAPE '\\' OR subject LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')");
            args.add(like);
            args.add(like);
            args.add(like);
        }
        // The event's time decides (events arrive late or out of order); the row id breaks ties stably.
        sql.append(" ORDER BY time_ns DESC, id DESC LIMIT ?");
        args.add(q.limit() > 0 ? q.limit() : -1);
        List<StoredEvent> out = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    Instant time = instant(rs.getLong(2));
                    out.add(new StoredEvent(id, rs.getInt(6) != 0, decode(id, time, rs.getString(3), rs.getString(4), rs.getBytes(5), rs.getString(7))));
                }
            }
        }
        return out;
    }

    /** A row this version cannot read is shown as a problem, never dropped and never fatal. */
    private Event decode(long id, Instant time, String kind, String details, byte[] raw, String source) {
        try {
            return codec.decode(kind, time, details, raw);
        } catch (RuntimeException e) {
            return new DecodeProblem(time, SourceId.HISTORY, id,
                    "history row " + id + " (" + source + ", " + kind + ") could not be read: " + e.getMessage(),
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
                int found = HistorySchema.migrate(c);
                if (found > HistorySchema.VERSION) {
                    throw new HistoryException(Kind.NEWER_SCHEMA, file + " was written by a newer watchtray (schema "
                            + found + ", this one knows " + HistorySchema.VERSION + "); it is left untouched", null);
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
            if (h.kind() != Kind.CORRUPT || readOnly != null) {
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
        notices.accept(new LossEvent(clock.instant(), SourceId.HISTORY, -1,
                "the history file was damaged (" + damage.getMessage() + "); it was moved aside to " + aside
                        + " and a new one started"));
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
