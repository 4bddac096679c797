package org.watchtray.app.history;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.Consumer;
import org.watchtray.app.history.HistoryException.Kind;
import org.watchtray.app.settings.AsideFile;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;

/**
 * The one JDBC connection of a {@link SqliteHistoryStore} and what happens when it fails: SQL
 * errors become {@link HistoryException}s, and for the app that owns the file a damaged database
 * is moved aside ({@code history.db.corrupt-<UTC time>}), a new one started, the work tried
 * once more and the user told where the old one went. Readers never repair. Transactions are
 * begun and ended here. Not thread-safe: the store calls it under its lock.
 */
final class HistoryConnection {
    /** Who holds the connection: only the owner writes and repairs. */
    enum Role { OWNER, READER, READ_ONLY }

    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    private final Path file;
    private final Clock clock;
    private final Consumer<Event> notices;
    private final Role role;
    private final Runnable cleanUp;
    /** Told after a damaged file was replaced, so state kept about the old one is forgotten. */
    private final Runnable startedOver;
    private Connection connection;

    HistoryConnection(Path file, Clock clock, Consumer<Event> notices, Role role, Connection connection, Runnable cleanUp,
                      Runnable startedOver) {
        this.file = file;
        this.clock = clock;
        this.notices = notices;
        this.role = role;
        this.connection = connection;
        this.cleanUp = cleanUp;
        this.startedOver = startedOver;
    }

    Path file() {
        return file;
    }

    Role role() {
        return role;
    }

    /** The open connection (for work run through {@link #withRecovery}). */
    Connection sql() {
        return connection;
    }

    <T> T withRecovery(String what, Work<T> work) {
        if (connection == null) {
            throw new HistoryException(Kind.OTHER, what + ": the history is closed", null);
        }
        try {
            return work.run();
        } catch (SQLException e) {
            HistoryException h = SqliteErrors.of(what, e);
            if (h.kind() != Kind.CORRUPT || role != Role.OWNER) {
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
    void startOver(HistoryException damage) {
        Path aside;
        try {
            aside = AsideFile.moveAside(file, clock.instant(), "-wal", "-shm");
        } catch (IOException e) {
            throw SqliteErrors.of("cannot move the damaged " + file + " aside", e);
        }
        connection = HistoryMigration.open(file);
        startedOver.run();
        notices.accept(new LossEvent(clock.instant(), SourceId.HISTORY, -1,
                "the history file was damaged (" + damage.getMessage() + "); it was moved aside to " + aside
                        + " and a new one started"));
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(Work<T> work) throws SQLException {
        return inTransaction(connection, work);
    }

    /**
     * Runs {@code work} in one transaction on {@code c}: committed when it returns, rolled back
     * when it throws, and {@code c} back in auto-commit either way. After a full disk SQLite has
     * already ended the transaction, so ending it again fails ("no transaction is active"); that
     * must not replace the failure that matters.
     */
    static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        } finally {
            autoCommitQuietly(c);
        }
    }

    void close() {
        closeQuietly(connection);
        connection = null;
        cleanUp.run();
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // The transaction is gone either way; the caller reports the original failure.
        }
    }

    /** After a failed commit SQLite has already ended the transaction; the original failure is what matters. */
    private static void autoCommitQuietly(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            // "cannot commit - no transaction is active" after SQLITE_FULL: nothing left to end.
        }
    }

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // Closing is best effort; WAL content was committed by each transaction.
            }
        }
    }
}
