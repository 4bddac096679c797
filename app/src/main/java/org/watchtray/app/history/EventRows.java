package org.watchtray.app.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.EventShapes;

/**
 * Writes batches of events as rows: one transaction and one batched INSERT per batch, row ids
 * given here in arrival order (this is the file's one writer), details encoded into a buffer
 * kept across rows ({@link CompactDetails.Encoder}). The cost per event is what docs/history.md
 * ("Ingest") measures against a bare insert of the same rows.
 */
final class EventRows {
    static final String INSERT = "INSERT INTO events(id, time_ns, source, kind, name, severity, subject, summary, details, raw)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final CompactDetails.Encoder details = new CompactDetails.Encoder();
    /** The next row id; -1: read it from the file first. */
    private long nextId = -1;

    /** The file was replaced (or a write failed): the next id is read again. */
    void forget() {
        nextId = -1;
    }

    int insert(HistoryConnection db, List<Event> batch) throws SQLException {
        Connection c = db.sql();
        if (nextId < 0) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) + 1 FROM events")) {
                rs.next();
                nextId = rs.getLong(1);
            }
        }
        try {
            return db.inTransaction(() -> {
                long id = nextId;
                try (PreparedStatement s = c.prepareStatement(INSERT)) {
                    for (Event e : batch) {
                        s.setLong(1, id);
                        s.setLong(2, SqliteHistoryStore.nanos(e.time()));
                        s.setString(3, e.source().wireName());
                        s.setString(4, EventShapes.of(e).family());
                        s.setString(5, e.name());
                        s.setInt(6, HistorySchema.stored(e));
                        s.setString(7, e.subject() == null ? "" : e.subject());
                        s.setString(8, EnglishSummary.of(e));
                        s.setBytes(9, details.encode(e));
                        s.setBytes(10, e.raw().isEmpty() ? null : e.raw().value());
                        s.addBatch();
                        id++;
                    }
                    s.executeBatch();
                }
                nextId = id;   // a failing commit resets it below
                return batch.size();
            });
        } catch (SQLException | RuntimeException e) {
            nextId = -1;
            throw e;
        }
    }
}
