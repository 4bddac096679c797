package org.watchtray.app.history;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.watchtray.app.settings.AtomicFile;

/**
 * Keeps the history to its user. It holds principals, mount paths and device history, so its
 * directory is 0700 and the database with its WAL and shared-memory files 0600, like the
 * settings. A new database is created 0600 before SQLite opens it (SQLite gives the WAL and
 * shm files the database's mode); an existing one, written by an older watchtray with the
 * umask's 0644 in 0755, is tightened when the app starts. Only the running app does this: a
 * read-only command changes nothing.
 */
final class PrivateHistory {
    private static final System.Logger LOG = System.getLogger(PrivateHistory.class.getName());
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateHistory() {
    }

    /** Makes {@code database}'s directory and files private, creating the directory and an empty database as needed. */
    static void prepare(Path database) throws IOException {
        Path dir = database.toAbsolutePath().getParent();
        AtomicFile.createPrivateDirectories(dir);
        restrict(dir, DIRECTORY);
        if (!Files.exists(database, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createFile(database, PosixFilePermissions.asFileAttribute(FILE));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // Another start created it meanwhile: tightened below like any existing one.
            }
        }
        for (Path f : List.of(database, sibling(database, "-wal"), sibling(database, "-shm"))) {
            if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                restrict(f, FILE);
            }
        }
    }

    private static Path sibling(Path database, String suffix) {
        return database.resolveSibling(database.getFileName() + suffix);
    }

    private static void restrict(Path p, Set<PosixFilePermission> mode) throws IOException {
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        if (!now.equals(mode)) {
            Files.setPosixFilePermissions(p, mode);
            LOG.log(Level.INFO, "{0} was {1}; made it {2} (the history is private)", p,
                    PosixFilePermissions.toString(now), PosixFilePermissions.toString(mode));
        }
    }
}
