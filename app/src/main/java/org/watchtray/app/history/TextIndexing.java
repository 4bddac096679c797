package org.watchtray.app.history;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Puts rows into the text index after they were written, in id order, a bounded step at a time
 * (writing does not index: it would halve the rate a flood is stored at). A search covers the
 * rows not yet indexed with its LIKE alone ({@link TextSearch}).
 */
final class TextIndexing {
    private final HistoryConnection db;

    TextIndexing(HistoryConnection db) {
        this.db = db;
    }

    /** Indexes at most {@code chunk} rows written since the last step; how many it indexed. */
    int step(int chunk) throws SQLException {
        long from = HistorySchema.textIndexedUpTo(db.sql());
        long upTo;
        try (PreparedStatement s = db.sql().prepareStatement(
                "SELECT max(id) FROM (SELECT id FROM events WHERE id > ? ORDER BY id LIMIT ?)")) {
            s.setLong(1, from);
            s.setInt(2, chunk);
            try (ResultSet rs = s.executeQuery()) {
                upTo = rs.next() && rs.getObject(1) != null ? rs.getLong(1) : from;
            }
        }
        if (upTo == from) {
            return 0;
        }
        return db.inTransaction(() -> {
            try (PreparedStatement s = db.sql().prepareStatement("INSERT INTO events_text(rowid, summary, subject, name)"
                    + " SELECT id, summary, subject, name FROM events WHERE id > ? AND id <= ?")) {
                s.setLong(1, from);
                s.setLong(2, upTo);
                int indexed = s.executeUpdate();
                HistorySchema.setTextIndexedUpTo(db.sql(), upTo);
                return indexed;
            }
        });
    }
}
