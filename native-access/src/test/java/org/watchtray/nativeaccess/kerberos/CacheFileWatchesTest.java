package org.watchtray.nativeaccess.kerberos;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.nativeaccess.libc.Structs;

/** The watches on a FILE cache, with the real kernel's inotify, in a directory as busy as /tmp. */
class CacheFileWatchesTest {
    private static final Libc LIBC = new LinuxLibc();

    @TempDir
    Path dir;

    @Test
    void otherFilesInTheCachesDirectoryQueueNothingWhileTheCachesReplacementRewriteAndRemovalAreSeen() throws Exception {
        Path cache = Files.writeString(dir.resolve("krb5cc_1000"), "v1");
        List<CacheLocation> locations = List.of(CacheLocation.parse("FILE:" + cache));
        try (CacheFileWatches watches = new CacheFileWatches(LIBC)) {
            watches.retarget(locations);

            // What other programs do in /tmp all day: files created, renamed, removed.
            for (int i = 0; i < 20; i++) {
                Path other = Files.writeString(dir.resolve("other" + i), "x");
                Files.move(other, dir.resolve("moved" + i));
                Files.delete(dir.resolve("moved" + i));
            }
            assertFalse(readable(watches.fd()), "nothing was queued, so nothing woke the source's thread");

            // kinit: a new cache written aside and renamed over the old one.
            Files.move(Files.writeString(dir.resolve("krb5cc_1000.new"), "v2"), cache, REPLACE_EXISTING, ATOMIC_MOVE);
            assertTrue(watches.drainRelevant(), "the replaced cache's link count dropped");
            assertTrue(watches.retarget(locations), "the new inode is watched from now on");

            // Older libkrb5: the cache rewritten in place.
            Files.writeString(cache, "v3");
            assertTrue(watches.drainRelevant(), "a rewrite in place");

            // kdestroy.
            Files.delete(cache);
            assertTrue(watches.drainRelevant(), "the cache was removed");
            watches.retarget(locations);

            // While it is missing, the directory is watched; other names are read and dismissed.
            Files.writeString(dir.resolve("unrelated"), "x");
            assertFalse(watches.drainRelevant(), "another file is not the cache");
            Files.writeString(cache, "v4");
            assertTrue(watches.drainRelevant(), "a new cache is seen");
        }
    }

    @Test
    void aMissingCacheInASharedDirectoryIsNotWatchedForButLookedForOnTheTimer() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("tmp"));
        Files.setAttribute(shared, "unix:mode", 01777);
        assertTrue(CacheFileWatches.shared(shared));
        assertFalse(CacheFileWatches.shared(dir), "a private directory");
        Path cache = shared.resolve("krb5cc_1000");
        List<CacheLocation> locations = List.of(CacheLocation.parse("FILE:" + cache));
        try (CacheFileWatches watches = new CacheFileWatches(LIBC)) {
            watches.retarget(locations);
            assertTrue(watches.looksByTimer());
            assertEquals(shared + " (krb5cc_1000)", watches.describeByTimer());
            Files.writeString(shared.resolve("other"), "x");
            Files.writeString(cache, "v1");
            assertFalse(readable(watches.fd()), "nothing in the shared directory is watched, not even the cache appearing");

            // Found by a re-read: from then on its own inode is watched, and the timer is no longer needed.
            assertTrue(watches.retarget(locations));
            assertFalse(watches.looksByTimer());
            Files.writeString(cache, "v2");
            assertTrue(watches.drainRelevant());
        }
    }

    /** Whether the descriptor has something to read right now (poll with no wait). */
    private static boolean readable(int fd) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfd = arena.allocate(Structs.POLLFD);
            pollfd.set(ValueLayout.JAVA_INT, Structs.POLLFD_FD, fd);
            pollfd.set(ValueLayout.JAVA_SHORT, Structs.POLLFD_EVENTS, Libc.POLLIN);
            return LIBC.poll(pollfd, 1, 0) == 1;
        }
    }
}
