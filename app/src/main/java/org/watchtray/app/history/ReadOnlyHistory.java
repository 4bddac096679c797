package org.watchtray.app.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.watchtray.app.history.HistoryException.Kind;

/**
 * Opens the history so that reading it changes nothing in the user's directory: no file
 * created, none moved, no {@code -wal} or {@code -shm} appearing and no shared-memory index
 * written. SQLite's plain {@code mode=ro} is not enough for a WAL database: it creates both
 * side files when they are missing and writes the {@code -shm} index. So, by what exists:
 *
 * <ul>
 * <li>no {@code -wal}: everything is in the main file; it is opened {@code immutable=1},
 *     which takes no locks and opens no side file;</li>
 * <li>{@code -wal} and {@code -shm} (the app is running, or was killed): {@code mode=ro&readonly_shm=1},
 *     which reads both and writes neither (SQLite rebuilds the index in private memory when no
 *     writer holds it);</li>
 * <li>{@code -wal} without {@code -shm} (rare): the database and its WAL are copied into a
 *     private temporary directory and read there, so the committed events in the WAL are seen.</li>
 * </ul>
 */
final class ReadOnlyHistory {
    private ReadOnlyHistory() {
    }

    /** The open connection and what to remove when it is closed (a private copy). */
    record Opened(Connection connection, Runnable cleanUp) {
    }

    /**
     * @param scan whether to check the whole file's integrity first ({@code PRAGMA quick_check}),
     *             which reads every page: a long history costs hundreds of milliseconds
     */
    static Opened open(Path file, boolean scan) {
        Path wal = side(file, "-wal");
        Path shm = side(file, "-shm");
        if (!Files.exists(file)) {
            throw new HistoryException(Kind.OTHER, "there is no history at " + file, null);
        }
        if (!Files.exists(wal, LinkOption.NOFOLLOW_LINKS)) {
            return new Opened(checked(file, scan, connect(file, "mode=ro&immutable=1")), () -> { });
        }
        if (Files.exists(shm, LinkOption.NOFOLLOW_LINKS)) {
            return new Opened(checked(file, scan, connect(file, "mode=ro&readonly_shm=1")), () -> { });
        }
        Path copy = null;
        try {
            copy = Files.createTempDirectory("watchtray-history-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path db = copy.resolve("history.db");
            Files.copy(file, db);
            Files.copy(wal, side(db, "-wal"));
            Path dir = copy;
            return new Opened(checked(file, scan, connect(db, "mode=ro")), () -> deleteTree(dir));
        } catch (IOException e) {
            if (copy != null) {
                deleteTree(copy);
            }
            throw SqliteErrors.of("cannot read " + file, e);
        } catch (HistoryException e) {
            deleteTree(copy);
            throw e;
        }
    }

    private static Connection connect(Path db, String parameters) {
        try {
            return DriverManager.getConnection("jdbc:sqlite:file:" + uriPath(db.toAbsolutePath()) + "?" + parameters);
        } catch (SQLException e) {
            throw SqliteErrors.of("cannot open " + db, e);
        }
    }

    /** The history must be intact and of a schema this version reads; checked without writing. */
    private static Connection checked(Path file, boolean scan, Connection c) {
        try (Statement s = c.createStatement()) {
            if (scan) {
                try (ResultSet rs = s.executeQuery("PRAGMA quick_check(1)")) {
                    String result = rs.next() ? rs.getString(1) : "no answer";
                    if (!"ok".equals(result)) {
                        throw new HistoryException(Kind.CORRUPT, file + " is damaged: " + result, null);
                    }
                }
            }
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > HistorySchema.VERSION) {
                throw new HistoryException(Kind.NEWER_SCHEMA, file + " was written by a newer watchtray (schema " + version
                        + ", this one knows " + HistorySchema.VERSION + ")", null);
            }
            if (version == 0) {
                throw new HistoryException(Kind.OTHER, file + " holds no history yet", null);
            }
            // An older schema is read as it is; only the running app upgrades the file.
            HistorySchema.readAsCurrent(c, version);
            return c;
        } catch (SQLException e) {
            close(c);
            throw SqliteErrors.of("cannot read " + file, e);
        } catch (HistoryException e) {
            close(c);
            throw e;
        }
    }

    /** A path as the path part of an SQLite URI: '%', '?' and '#' would otherwise end or change it. */
    static String uriPath(Path p) {
        StringBuilder out = new StringBuilder();
        for (char ch : p.toString().toCharArray()) {
            switch (ch) {
                case '%' -> out.append("%25");
                case '?' -> out.append("%3f");
                case '#' -> out.append("%23");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    private static Path side(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // abandoning it anyway
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a private temp copy left behind harms no one; the OS cleans /tmp
        }
    }
}
