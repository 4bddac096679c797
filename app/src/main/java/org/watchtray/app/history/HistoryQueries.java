package org.watchtray.app.history;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.watchtray.app.history.SqliteHistoryStore.Bucket;
import org.watchtray.app.history.SqliteHistoryStore.Cursor;
import org.watchtray.app.history.SqliteHistoryStore.Extent;
import org.watchtray.app.history.SqliteHistoryStore.SourceBucket;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.history.HistoryStore.Query;
import org.watchtray.core.history.HistoryStore.StoredEvent;

/**
 * Reads the history: filters become SQL over the one time index, pages are read by keyset
 * {@code (time_ns, id)} newest first, counts and chart buckets are counted by SQLite without
 * loading rows (docs/history.md, "Paging").
 */
final class HistoryQueries {
    private final HistoryConnection db;
    private final EventCodec codec = new EventCodec();

    HistoryQueries(HistoryConnection db) {
        this.db = db;
    }

    /**
     * One page of {@code query}'s events, newest first, after {@code after} (null: from the
     * newest), skipping {@code offset} rows first when {@code after} is null. The skipped rows
     * are counted in the index alone (severity and source are in it); only the page's rows are read.
     */
    List<StoredEvent> page(Query query, Cursor after, boolean keepLoss, long offset, int limit) throws SQLException {
        if (offset > 0 && after == null) {
            // A jump: find the row at the offset in the index alone, then read the page from it.
            Cursor from = rowAt(query, keepLoss, null, false, offset);
            return from == null ? List.of() : read(query, keepLoss, from, true, limit);
        }
        return read(query, keepLoss, after, false, limit);
    }

    /**
     * As {@link #page}, from the row {@code offset} down, starting the count at the nearest mark
     * of {@code extent} above it: a jump then skips fewer than {@code extent.stride()} rows in
     * the index, wherever it lands in the history.
     */
    List<StoredEvent> pageAt(Query query, boolean keepLoss, Extent extent, long offset, int limit) throws SQLException {
        Extent.Mark mark = extent.markAtOrBefore(offset);
        if (mark == null) {
            return page(query, null, keepLoss, offset, limit);
        }
        Cursor from = rowAt(query, keepLoss, mark.key(), true, offset - mark.offset());
        return from == null ? List.of() : read(query, keepLoss, from, true, limit);
    }

    private List<StoredEvent> read(Query query, boolean keepLoss, Cursor from, boolean inclusive, int limit) throws SQLException {
        Where w = where(query, keepLoss, from, inclusive);
        // The event's time decides (events arrive late or out of order); the row id breaks ties stably.
        w.sql.append(" ORDER BY time_ns DESC, id DESC LIMIT ?");
        w.args.add(limit > 0 ? limit : -1);
        return rows("SELECT id, time_ns, kind, name, severity, details, raw,"
                + " read OR id <= coalesce((SELECT value FROM history_meta WHERE key = 'read_up_to'), 0), source"
                + " FROM events WHERE " + w.sql, w.args);
    }

    /**
     * The key of the row {@code offset} rows down the filtered order from {@code from} (null: the
     * top), read from the index only; null past the end.
     */
    private Cursor rowAt(Query query, boolean keepLoss, Cursor from, boolean inclusive, long offset) throws SQLException {
        Where w = where(query, keepLoss, from, inclusive);
        w.args.add(offset);
        try (PreparedStatement s = prepared("SELECT time_ns, id FROM events WHERE " + w.sql
                + " ORDER BY time_ns DESC, id DESC LIMIT 1 OFFSET ?", w.args); ResultSet rs = s.executeQuery()) {
            return rs.next() ? new Cursor(rs.getLong(1), rs.getLong(2)) : null;
        }
    }

    /** How many events match {@code query}. */
    long count(Query query, boolean keepLoss) throws SQLException {
        return count(where(query, keepLoss, null, false));
    }

    private long count(Where w) throws SQLException {
        try (PreparedStatement s = prepared("SELECT count(*) FROM events WHERE " + w.sql, w.args); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * How many events match {@code query}, and the key of every {@code stride}-th of them: one
     * walk down the index, a step of {@code stride} rows at a time (the same work as counting).
     */
    Extent extent(Query query, boolean keepLoss, int stride) throws SQLException {
        List<Cursor> marks = new ArrayList<>();
        // The first mark is row `stride`; each next one is `stride` rows below the one before.
        Cursor at = rowAt(query, keepLoss, null, false, stride);
        while (at != null) {
            marks.add(at);
            at = rowAt(query, keepLoss, at, false, stride - 1);
        }
        if (marks.isEmpty()) {
            return new Extent(count(query, keepLoss), stride, List.of());
        }
        long below = count(where(query, keepLoss, marks.getLast(), false));
        return new Extent((long) marks.size() * stride + 1 + below, stride, List.copyOf(marks));
    }

    /** Events per time bucket and severity since {@code since}, for the charts: counted by SQLite, not loaded. */
    List<Bucket> buckets(Instant since, Duration width) throws SQLException {
        long w = Math.max(1, width.toNanos());
        List<Bucket> out = new ArrayList<>();
        try (PreparedStatement s = prepared("SELECT time_ns / ? AS b, CASE WHEN severity < 0 THEN -1 - severity ELSE severity END AS s, count(*)"
                + " FROM events WHERE time_ns >= ? GROUP BY b, s ORDER BY b", List.of(w, SqliteHistoryStore.nanos(since)));
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new Bucket(SqliteHistoryStore.instant(rs.getLong(1) * w), HistorySchema.severity(rs.getInt(2)), rs.getLong(3)));
            }
        }
        return out;
    }

    /** Events per source in buckets of {@code width} from {@code from}, of those before {@code to}. */
    List<SourceBucket> sourceBuckets(Instant from, Instant to, Duration width) throws SQLException {
        long w = Math.max(1, width.toNanos());
        long start = SqliteHistoryStore.nanos(from);
        List<SourceBucket> out = new ArrayList<>();
        try (PreparedStatement s = prepared("SELECT (time_ns - ?) / ? AS b, source, count(*) FROM events"
                + " WHERE time_ns >= ? AND time_ns < ? GROUP BY b, source ORDER BY b", List.of(start, w, start, SqliteHistoryStore.nanos(to)));
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new SourceBucket(rs.getLong(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return out;
    }

    /**
     * {@code query}'s events per local day (days start at midnight at {@code offset} from UTC)
     * and, unless {@code by} is {@link SqliteHistoryStore.GroupBy#DAY}, per source or object:
     * counted by SQLite, newest day first, the biggest group of a day first. Source, time and
     * severity are in the time index; the object is read from the rows, so callers ask for a
     * bounded time range at a time.
     */
    List<SqliteHistoryStore.Group> groups(Query query, SqliteHistoryStore.GroupBy by, int offsetSeconds) throws SQLException {
        Where w = where(query, false, null, false);
        String key = switch (by) {
            case DAY -> "''";
            case SOURCE -> "source";
            case SUBJECT -> "subject";
        };
        List<Object> args = new ArrayList<>();
        args.add(offsetSeconds * 1_000_000_000L);
        args.addAll(w.args);
        List<SqliteHistoryStore.Group> out = new ArrayList<>();
        try (PreparedStatement s = prepared("SELECT (time_ns + ?) / 86400000000000 AS day, " + key + " AS k, count(*) AS n, max(time_ns),"
                + " max(CASE WHEN severity < 0 THEN -1 - severity ELSE severity END)"
                + " FROM events WHERE " + w.sql + " GROUP BY day, k ORDER BY day DESC, n DESC, k", args);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new SqliteHistoryStore.Group(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        SqliteHistoryStore.instant(rs.getLong(4)), HistorySchema.severity(rs.getInt(5))));
            }
        }
        return out;
    }

    /** When the oldest event happened (read from the time index); null when there is none. */
    Instant oldest() throws SQLException {
        try (PreparedStatement s = prepared("SELECT min(time_ns) FROM events", List.of()); ResultSet rs = s.executeQuery()) {
            long t = rs.next() ? rs.getLong(1) : 0;
            return rs.wasNull() ? null : SqliteHistoryStore.instant(t);
        }
    }

    /** When the newest event happened; null when there is none. */
    Instant newest() throws SQLException {
        try (PreparedStatement s = prepared("SELECT max(time_ns) FROM events", List.of()); ResultSet rs = s.executeQuery()) {
            long t = rs.next() ? rs.getLong(1) : 0;
            return rs.wasNull() ? null : SqliteHistoryStore.instant(t);
        }
    }

    /** A filter as SQL and its bound values. */
    static final class Where {
        final StringBuilder sql = new StringBuilder("1 = 1");
        final List<Object> args = new ArrayList<>();
    }

    /**
     * {@code q} as SQL, below the row {@code from} when it is given (or from it, when
     * {@code inclusive}). A keyset bound also bounds {@code time_ns} by the row's time, in place
     * of the query's end: given both {@code time_ns < ?} and {@code (time_ns, id) < (?, ?)},
     * SQLite starts the index range at the first and filters the second row by row, so a page
     * deep in the history cost as much as counting every row above it.
     */
    Where where(Query q, boolean keepLoss, Cursor from, boolean inclusive) throws SQLException {
        Where w = new Where();
        if (q.since() != null) {
            w.sql.append(" AND time_ns >= ?");
            w.args.add(SqliteHistoryStore.nanos(q.since()));
        }
        if (from != null) {
            // The row passed the query, so its time is before the query's end.
            w.sql.append(" AND time_ns <= ?").append(inclusive ? " AND (time_ns, id) <= (?, ?)" : " AND (time_ns, id) < (?, ?)");
            w.args.add(from.timeNs());
            w.args.add(from.timeNs());
            w.args.add(from.id());
        } else if (q.until() != null) {
            w.sql.append(" AND time_ns < ?");
            w.args.add(SqliteHistoryStore.nanos(q.until()));
        }
        StringBuilder f = new StringBuilder("1 = 1");
        if (q.sources() != null && !q.sources().isEmpty()) {
            f.append(" AND source IN (").append(String.join(", ", Collections.nCopies(q.sources().size(), "?"))).append(')');
            q.sources().forEach(s -> w.args.add(s.wireName()));
        }
        if (q.minSeverity() != null && q.minSeverity() != Severity.INFO) {
            int rank = HistorySchema.rank(q.minSeverity());
            f.append(" AND (severity >= ? OR severity <= ?)");
            w.args.add(rank);
            w.args.add(-1 - rank);
        }
        if (q.text() != null && !q.text().isBlank()) {
            // Read at each search: the writer's idle steps move it on meanwhile.
            TextSearch.where(q.text(), f, w.args, HistorySchema.textIndexedUpTo(db.sql()));
        }
        if (keepLoss && !f.toString().equals("1 = 1")) {
            w.sql.append(" AND (severity < 0 OR (").append(f).append("))");
        } else {
            w.sql.append(" AND ").append(f);
        }
        return w;
    }

    PreparedStatement prepared(String sql, List<Object> args) throws SQLException {
        PreparedStatement s = db.sql().prepareStatement(sql);
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
                Instant time = SqliteHistoryStore.instant(rs.getLong(2));
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
                return codec.decode(kind, time, new String(details, StandardCharsets.UTF_8), raw);
            }
            return CompactDetails.decode(name, time, HistorySchema.severity(severity), details, raw);
        } catch (RuntimeException e) {
            return new DecodeProblem(time, SourceId.HISTORY, id,
                    "history row " + id + " (" + source + ", " + name + ") could not be read: " + e.getMessage(),
                    raw == null ? null : new Bytes(raw));
        }
    }
}
