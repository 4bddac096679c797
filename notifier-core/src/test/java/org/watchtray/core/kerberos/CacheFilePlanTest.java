package org.watchtray.core.kerberos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which inotify watches the file-cache strategy plans for a set of cache locations (pure planning). */
class CacheFilePlanTest {
    @Test
    void existingFileCachesAreWatchedOnTheirOwnInodeMissingOnesThroughTheirDirectory() {
        Set<Path> dirs = Set.of(Path.of("/"), Path.of("/tmp"), Path.of("/run"), Path.of("/run/user"), Path.of("/run/user/1000"), Path.of("/run/user/1000/krb5cc"));
        Set<Path> files = Set.of(Path.of("/tmp/krb5cc_1000"));
        Map<Path, CacheFilePlan.Target> plan = CacheFilePlan.plan(List.of(
                CacheLocation.parse("FILE:/tmp/krb5cc_1000"),
                CacheLocation.parse("FILE:/tmp/other"),
                CacheLocation.parse("DIR:/run/user/1000/krb5cc"),
                CacheLocation.parse("FILE:/home/alice/no/such/dir/cc"),
                CacheLocation.parse("KEYRING:persistent:1000")), dirs::contains, files::contains, p -> false);

        // The existing cache alone, not /tmp, which every program writes to; the missing one is awaited in /tmp.
        assertEquals(new CacheFilePlan.Target(Path.of("/tmp"), CacheFilePlan.ENTRY_CHANGES, Set.of("other")), plan.get(Path.of("/tmp")));
        assertEquals(new CacheFilePlan.Target(Path.of("/tmp/krb5cc_1000"), CacheFilePlan.FILE_CHANGES, Set.of()), plan.get(Path.of("/tmp/krb5cc_1000")));
        assertEquals(new CacheFilePlan.Target(Path.of("/run/user/1000/krb5cc"), CacheFilePlan.ENTRY_CHANGES | CacheFilePlan.REWRITES, Set.of()),
                plan.get(Path.of("/run/user/1000/krb5cc")));
        assertEquals(new CacheFilePlan.Target(Path.of("/"), CacheFilePlan.ENTRY_CHANGES, Set.of("home")), plan.get(Path.of("/")),
                "a missing path is awaited at its nearest existing ancestor");
        assertEquals(4, plan.size(), plan::toString);
    }

    @Test
    void aMissingCacheInASharedDirectoryIsLookedForOnTheTimerButASharedDirCollectionIsWatched() {
        Set<Path> dirs = Set.of(Path.of("/"), Path.of("/tmp"), Path.of("/tmp/coll"), Path.of("/home"));
        Set<Path> shared = Set.of(Path.of("/tmp"));
        Map<Path, CacheFilePlan.Target> plan = CacheFilePlan.plan(List.of(
                CacheLocation.parse("FILE:/tmp/krb5cc_1000"),
                CacheLocation.parse("DIR:/tmp/coll"),
                CacheLocation.parse("FILE:/home/alice/cc")), dirs::contains, p -> false, shared::contains);
        assertEquals(new CacheFilePlan.Target(Path.of("/tmp"), CacheFilePlan.BY_TIMER, Set.of("krb5cc_1000")), plan.get(Path.of("/tmp")));
        assertEquals(CacheFilePlan.ENTRY_CHANGES | CacheFilePlan.REWRITES, plan.get(Path.of("/tmp/coll")).mask());
        assertEquals(new CacheFilePlan.Target(Path.of("/home"), CacheFilePlan.ENTRY_CHANGES, Set.of("alice")), plan.get(Path.of("/home")),
                "a private directory is still watched");
    }

    @Test
    void aSharedDirectoryIsWorldWritableAndSticky(@TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Files.setAttribute(tmp, "unix:mode", 01777);
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setAttribute(open, "unix:mode", 0777);
        assertTrue(CacheFilePlan.shared(tmp));
        assertFalse(CacheFilePlan.shared(open), "world-writable without the sticky bit");
        assertFalse(CacheFilePlan.shared(dir), "a private directory");
        assertFalse(CacheFilePlan.shared(dir.resolve("missing")));
    }

    @Test
    void mergedTargetsWatchEveryNameOnceAnyNameIsWanted() {
        Set<Path> dirs = Set.of(Path.of("/d"));
        Map<Path, CacheFilePlan.Target> plan = CacheFilePlan.plan(List.of(
                CacheLocation.parse("DIR::/d/tktA"), CacheLocation.parse("DIR:/d")), dirs::contains, p -> false, p -> false);
        assertEquals(Set.of(), plan.get(Path.of("/d")).names());
        assertTrue(plan.get(Path.of("/d")).concerns("anything"));
    }
}
