package org.watchtray.app.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.Events;
import org.watchtray.core.history.HistoryStore;
import org.watchtray.core.settings.Settings;

/**
 * The history holds principals, mount paths and device history: only its user may read it, with
 * the file, its WAL and its shared-memory file 0600 in a 0700 directory, new or inherited.
 */
class HistoryPermissionsTest {
    @TempDir
    Path tmp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static Path side(Path db, String suffix) {
        return db.resolveSibling(db.getFileName() + suffix);
    }

    /** Opens the history as the app does and writes one event, so SQLite has its WAL and shm files. */
    private static void openAndWrite(Path db) throws Exception {
        HistoryOpener.Opened opened = HistoryOpener.open(db, Settings.defaults().history(), Clock.systemUTC(), e -> { });
        try (HistoryStore store = opened.store()) {
            assertTrue(store instanceof SqliteHistoryStore, opened.notices().toString());
            store.append(List.of(Events.remountedReadOnly("/home", Events.T0)));
            assertTrue(Files.exists(side(db, "-wal")) && Files.exists(side(db, "-shm")), "WAL mode made its side files");
            assertPrivate(db);
        }
    }

    private static void assertPrivate(Path db) throws Exception {
        assertEquals("rwx------", mode(db.getParent()), "directory");
        assertEquals("rw-------", mode(db), "database");
        assertEquals("rw-------", mode(side(db, "-wal")), "WAL");
        assertEquals("rw-------", mode(side(db, "-shm")), "shared memory");
    }

    @Test
    void aNewHistoryIsPrivate() throws Exception {
        Path db = tmp.resolve("state/watchtray/history.db");
        openAndWrite(db);
    }

    @Test
    void anExistingReadableHistoryIsMadePrivateOnStartAndKeepsItsEvents() throws Exception {
        // As an older watchtray left it: SQLite's 0644 (umask 022) in a 0755 directory.
        Path dir = Files.createDirectories(tmp.resolve("state/watchtray"));
        Path db = dir.resolve("history.db");
        try (SqliteHistoryStore old = SqliteHistoryStore.open(db, Clock.systemUTC(), e -> { })) {
            old.append(List.of(Events.poolOutOfSpace("pool0", Events.T0)));
        }
        Files.writeString(side(db, "-wal"), "");
        Files.writeString(side(db, "-shm"), "");
        for (Path f : List.of(db, side(db, "-wal"), side(db, "-shm"))) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

        HistoryOpener.Opened opened = HistoryOpener.open(db, Settings.defaults().history(), Clock.systemUTC(), e -> { });
        try (HistoryStore store = opened.store()) {
            assertPrivate(db);
            assertEquals(1, store.query(HistoryStore.Query.all(10)).size(), "nothing lost");
        }
    }
}
