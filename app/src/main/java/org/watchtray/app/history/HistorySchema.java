package org.watchtray.app.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The history's tables, versioned with {@code PRAGMA user_version}; docs/history.md describes
 * them. A database newer than {@link #VERSION} is left untouched (a newer watchtray wrote it).
 *
 * <p>Schema 2, one row per event: {@code time_ns} nanoseconds since the epoch (UTC);
 * {@code source} and {@code name} their wire names, {@code kind} the event's family;
 * {@code severity} its rank (0 info … 3 critical, so "at least" is a range; a loss marker's is
 * {@code -1 - rank}, see {@link #stored}); {@code subject} and
 * {@code summary} as shown; {@code details} the fields in {@link CompactDetails} form (rows
 * migrated from schema 1 keep their JSON object, which starts with '{');  {@code raw} the
 * record bytes (NULL when the event came from text); {@code read} 1 for rows schema 1 marked
 * read; since schema 2 every row up to {@code history_meta.read_up_to} is read. The timeline
 * pages by {@code (time_ns, id)} along the one index {@code events_time}, which also holds
 * severity and source so filters on them need no row. {@code events_text} is a contentless
 * FTS5 index of summary, subject and name (rowid = id), filled after the rows are written, in
 * id order, up to {@code history_meta.text_indexed_up_to}.
 */
final class HistorySchema {
    static final int VERSION = 2;

    private static final String EVENTS = """
            CREATE TABLE events (
              id INTEGER PRIMARY KEY,
              time_ns INTEGER NOT NULL,
              source TEXT NOT NULL,
              kind TEXT NOT NULL,
              name TEXT NOT NULL,
              severity INTEGER NOT NULL,
              subject TEXT NOT NULL,
              summary TEXT NOT NULL,
              details BLOB NOT NULL,
              raw BLOB,
              read INTEGER NOT NULL DEFAULT 0
            )""";
    private static final List<String> INDEXES = List.of(
            // One index: newest-first pages read it in order (time, then row id: the id is named so
            // that no sort is needed for ties, and an OFFSET is counted in the index alone), and a
            // severity or source filter is decided in it without reading the rows. Each further
            // index would cost every write.
            "CREATE INDEX events_time ON events(time_ns, id, severity, source)",
            "CREATE VIRTUAL TABLE events_text USING fts5(summary, subject, name, content='', contentless_delete=1,"
                    + " tokenize='unicode61 remove_diacritics 2')",
            "CREATE TABLE history_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");

    /** Schema 1's severity (its wire name) as schema 2 stores it ({@link #stored}). */
    private static final String V1_SEVERITY = """
            (CASE WHEN name = 'meta.loss' THEN -1 ELSE 1 END)
              * (CASE lower(severity) WHEN 'info' THEN 0 WHEN 'notice' THEN 1 WHEN 'warning' THEN 2 WHEN 'critical' THEN 3 ELSE 0 END)
              + (CASE WHEN name = 'meta.loss' THEN -1 ELSE 0 END)""";

    /**
     * Schema 1 read as schema 2 without writing the file (for {@code watchtray history}, which
     * never migrates): connection-private TEMP objects, which SQLite keeps in memory and looks
     * up before the file's own, show the file's {@code events} as schema 2's, with an empty
     * {@code history_meta} and an empty text index (so a search checks every row with its LIKE).
     */
    private static final List<String> READ_1_AS_2 = List.of(
            "PRAGMA temp_store = MEMORY",
            "CREATE TEMP VIEW events AS SELECT id, time_ns, source, kind, name, " + V1_SEVERITY + " AS severity,"
                    + " subject, summary, CAST(details AS BLOB) AS details, raw, read FROM main.events",
            "CREATE TEMP TABLE history_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
            "CREATE VIRTUAL TABLE temp.events_text USING fts5(summary, subject, name, content='')");

    /** Schema 1 had severity as its wire name and details as JSON: the rows move over as they are. */
    private static final List<String> FROM_1 = List.of(
            "ALTER TABLE events RENAME TO events_v1",
            "DROP INDEX IF EXISTS events_time",
            "DROP INDEX IF EXISTS events_unread",
            EVENTS,
            """
            INSERT INTO events(id, time_ns, source, kind, name, severity, subject, summary, details, raw, read)
            SELECT id, time_ns, source, kind, name, """ + V1_SEVERITY + """
                   , subject, summary, CAST(details AS BLOB), raw, read
            FROM events_v1""",
            "DROP TABLE events_v1");

    private HistorySchema() {
    }

    /** Severity as stored: its rank. */
    static int rank(org.watchtray.core.event.Severity s) {
        return switch (s) {
            case INFO -> 0;
            case NOTICE -> 1;
            case WARNING -> 2;
            case CRITICAL -> 3;
        };
    }

    /**
     * Severity as a row stores it: its rank, and for a loss marker {@code -1 - rank}, so that
     * "a filter never hides a gap" is decided in the index like the filters themselves.
     */
    static int stored(org.watchtray.core.event.Event e) {
        int r = rank(e.severity());
        return e instanceof org.watchtray.core.event.LossEvent ? -1 - r : r;
    }

    /** The severity of a stored value ({@link #stored}). */
    static org.watchtray.core.event.Severity severity(int stored) {
        int rank = stored < 0 ? -1 - stored : stored;
        return switch (rank) {
            case 1 -> org.watchtray.core.event.Severity.NOTICE;
            case 2 -> org.watchtray.core.event.Severity.WARNING;
            case 3 -> org.watchtray.core.event.Severity.CRITICAL;
            default -> org.watchtray.core.event.Severity.INFO;
        };
    }

    /** The highest row id in the text index (rows are indexed in id order, after they are written). */
    static long textIndexedUpTo(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT value FROM history_meta WHERE key = 'text_indexed_up_to'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static void setTextIndexedUpTo(Connection c, long id) throws SQLException {
        try (var s = c.prepareStatement("INSERT OR REPLACE INTO history_meta VALUES ('text_indexed_up_to', ?)")) {
            s.setLong(1, id);
            s.executeUpdate();
        }
    }

    /**
     * Makes a read-only connection to a file of schema {@code version} answer today's queries
     * without changing the file: nothing for today's schema, views over schema 1.
     *
     * @throws IllegalArgumentException for a schema this version cannot read as today's
     */
    static void readAsCurrent(Connection c, int version) throws SQLException {
        if (version == VERSION) {
            return;
        }
        if (version != 1) {
            throw new IllegalArgumentException("schema " + version);
        }
        try (Statement s = c.createStatement()) {
            for (String sql : READ_1_AS_2) {
                s.execute(sql);
            }
        }
    }

    /** The version the file holds. */
    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Brings the schema to {@link #VERSION} in one transaction (a failure, a full disk included,
     * leaves the file as it was); returns the version found. The caller keeps a backup of a
     * file with events in it (see {@link SqliteHistoryStore}).
     */
    static int migrate(Connection c) throws SQLException {
        int found = version(c);
        if (found >= VERSION) {
            return found;
        }
        if (found == 0) {
            // Space freed by retention goes back to the file system bit by bit (incremental vacuum);
            // this takes effect only before the first table exists.
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA auto_vacuum = INCREMENTAL");
                s.execute("VACUUM");   // an empty file: instant, and the setting takes effect
            }
        }
        // One transaction: a failure (a full disk included) leaves the file as it was, and says why.
        HistoryConnection.inTransaction(c, () -> {
            try (Statement s = c.createStatement()) {
                if (found == 1) {
                    for (String sql : FROM_1) {
                        s.execute(sql);
                    }
                } else {
                    s.execute(EVENTS);
                }
                for (String sql : INDEXES) {
                    s.execute(sql);
                }
                if (found == 1) {
                    s.execute("INSERT INTO events_text(rowid, summary, subject, name) SELECT id, summary, subject, name FROM events");
                    s.execute("INSERT INTO history_meta VALUES ('text_indexed_up_to', (SELECT coalesce(max(id), 0) FROM events))");
                }
                s.execute("PRAGMA user_version = " + VERSION);
            }
            return null;
        });
        return found;
    }
}
