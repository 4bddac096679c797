package org.watchtray.app.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.watchtray.app.history.HistoryException.Kind;

/**
 * Opens the history file for the app that owns it: creates it, checks it is intact, and brings
 * an older schema to today's ({@link HistorySchema}) in place, keeping a copy until that has
 * committed. Only the running app does this; readers ({@link ReadOnlyHistory}) never migrate.
 */
final class HistoryMigration {
    private HistoryMigration() {
    }

    /**
     * The connection of the writer: WAL with {@code synchronous = NORMAL} (docs/history.md,
     * "Durability": a commit survives the app crashing; a power cut may take the last
     * transactions, never the file).
     *
     * @throws HistoryException of {@link Kind#CORRUPT} for a damaged file, {@link Kind#NEWER_SCHEMA} …
     */
    static Connection open(Path file) {
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
                    upgrade(file, c, found);
                } else {
                    HistorySchema.migrate(c);
                }
                // A read-only directory lets SQLite read but not write: find out now, not on the first event.
                s.execute("BEGIN IMMEDIATE");
                s.execute("ROLLBACK");
            }
            return c;
        } catch (SQLException e) {
            HistoryConnection.closeQuietly(c);
            throw SqliteErrors.of("cannot open " + file, e);
        } catch (HistoryException e) {
            HistoryConnection.closeQuietly(c);
            throw e;
        }
    }

    /**
     * Migrates an older schema in place. A copy of the file is kept beside it until the
     * migration has committed; the migration is one transaction, so a failure (a full disk
     * included) leaves the file as it was, and the copy stays for the user.
     */
    private static void upgrade(Path file, Connection c, int found) throws SQLException {
        Path backup = file.resolveSibling(file.getFileName() + ".schema" + found + "-backup");
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        try {
            Files.copy(file, backup, StandardCopyOption.REPLACE_EXISTING);
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
}
