package org.watchtray.app.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * Keeps the file bounded (docs/history.md, "Retention"): deletes the oldest rows, a bounded
 * chunk per step in one short transaction, and hands the freed pages back to the file system.
 */
final class Retention {
    private final HistoryConnection db;

    Retention(HistoryConnection db) {
        this.db = db;
    }

    /**
     * Deletes at most {@code chunk} of the oldest rows (by time) that are older than
     * {@code cutoff}, beyond the newest {@code maxEvents}, or while the file holds more than
     * {@code maxBytes}, in one short transaction; then hands the freed pages back to the file
     * system (incremental vacuum), so the file shrinks without a full VACUUM that would hold the
     * writer for seconds.
     */
    int step(Instant cutoff, int maxEvents, long maxBytes, int chunk) throws SQLException {
        long before = SqliteHistoryStore.nanos(cutoff);
        // Age first (the time index finds them), then the oldest rows beyond the count or the size.
        String pick = "SELECT id FROM events WHERE time_ns < " + before + " ORDER BY time_ns, id LIMIT " + chunk;
        if (!exists("SELECT 1 FROM events WHERE time_ns < " + before + " LIMIT 1")) {
            long excess = Math.max(0, count() - Math.max(0, maxEvents));
            long limit = excess > 0 ? Math.min(chunk, excess) : usedBytes() > maxBytes ? chunk : 0;
            if (limit == 0) {
                return 0;
            }
            pick = "SELECT id FROM events ORDER BY time_ns, id LIMIT " + limit;
        }
        String doomed = pick;
        int gone = db.inTransaction(() -> {
            try (Statement s = db.sql().createStatement()) {
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
    }

    /** How many events the history holds. */
    long count() throws SQLException {
        try (Statement s = db.sql().createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Hands the free pages back to the file system. The driver steps the pragma once, and one
     * step may free only one page, so it runs until none are left.
     */
    private void giveBackFreePages() throws SQLException {
        try (Statement s = db.sql().createStatement()) {
            for (int i = 0; i < 1_000_000 && pragma(s, "freelist_count") > 0; i++) {
                s.execute("PRAGMA incremental_vacuum");
            }
        }
    }

    private boolean exists(String sql) throws SQLException {
        try (Statement s = db.sql().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }

    /** Bytes the file's pages hold, free pages not counted. */
    private long usedBytes() throws SQLException {
        try (Statement s = db.sql().createStatement()) {
            return (pragma(s, "page_count") - pragma(s, "freelist_count")) * pragma(s, "page_size");
        }
    }

    private static long pragma(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
