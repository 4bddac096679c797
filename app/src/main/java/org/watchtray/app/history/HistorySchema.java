package org.watchtray.app.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The history's tables, versioned with {@code PRAGMA user_version}. Each entry of
 * {@link #MIGRATIONS} takes the schema from its index to the next; a database newer than
 * {@link #VERSION} is left untouched (a newer watchtray wrote it).
 *
 * <p>One row per event: {@code time_ns} is nanoseconds since the epoch (UTC), {@code kind} the
 * event family, {@code name}/{@code severity}/{@code source} their wire names, {@code subject}
 * and {@code summary} as shown, {@code details} the family's fields as JSON, {@code raw} the
 * record bytes (NULL when the event came from text), {@code read} 1 once the user has seen it.
 */
final class HistorySchema {
    static final int VERSION = 1;

    private static final List<List<String>> MIGRATIONS = List.of(
            List.of("""
                    CREATE TABLE events (
                      id INTEGER PRIMARY KEY,
                      time_ns INTEGER NOT NULL,
                      source TEXT NOT NULL,
                      kind TEXT NOT NULL,
                      name TEXT NOT NULL,
                      severity TEXT NOT NULL,
                      subject TEXT NOT NULL,
                      summary TEXT NOT NULL,
                      details TEXT NOT NULL,
                      raw BLOB,
                      read INTEGER NOT NULL DEFAULT 0
                    )""",
                    "CREATE INDEX events_time ON events(time_ns)",
                    "CREATE INDEX events_unread ON events(id) WHERE read = 0"));

    private HistorySchema() {
    }

    /** Brings the schema to {@link #VERSION}; returns the version found. */
    static int migrate(Connection c) throws SQLException {
        int found;
        try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
            found = rs.next() ? rs.getInt(1) : 0;
        }
        if (found > VERSION) {
            return found;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (int v = found; v < VERSION; v++) {
                for (String sql : MIGRATIONS.get(v)) {
                    s.execute(sql);
                }
            }
            s.execute("PRAGMA user_version = " + VERSION);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        return found;
    }
}
