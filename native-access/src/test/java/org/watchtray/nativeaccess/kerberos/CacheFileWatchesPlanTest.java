package org.watchtray.nativeaccess.kerberos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.watchtray.nativeaccess.kerberos.CacheLocation;

/** Which inotify watches the file-cache strategy plans for a set of cache locations (pure planning). */
class CacheFileWatchesPlanTest {
    @Test
    void fileCachesAreWatchedThroughTheirDirectoryAndThemselves() {
        Set<Path> dirs = Set.of(Path.of("/"), Path.of("/tmp"), Path.of("/run"), Path.of("/run/user"), Path.of("/run/user/1000"), Path.of("/run/user/1000/krb5cc"));
        Set<Path> files = Set.of(Path.of("/tmp/krb5cc_1000"));
        Map<Path, CacheFileWatches.Target> plan = CacheFileWatches.plan(List.of(
                CacheLocation.parse("FILE:/tmp/krb5cc_1000"),
                CacheLocation.parse("FILE:/tmp/other"),
                CacheLocation.parse("DIR:/run/user/1000/krb5cc"),
                CacheLocation.parse("FILE:/home/alice/no/such/dir/cc"),
                CacheLocation.parse("KEYRING:persistent:1000")), dirs::contains, files::contains);

        assertEquals(new CacheFileWatches.Target(Path.of("/tmp"), CacheFileWatches.ENTRY_CHANGES, Set.of("krb5cc_1000", "other")), plan.get(Path.of("/tmp")));
        assertEquals(new CacheFileWatches.Target(Path.of("/tmp/krb5cc_1000"), CacheFileWatches.REWRITES, Set.of()), plan.get(Path.of("/tmp/krb5cc_1000")));
        assertEquals(new CacheFileWatches.Target(Path.of("/run/user/1000/krb5cc"), CacheFileWatches.ENTRY_CHANGES | CacheFileWatches.REWRITES, Set.of()),
                plan.get(Path.of("/run/user/1000/krb5cc")));
        assertEquals(new CacheFileWatches.Target(Path.of("/"), CacheFileWatches.ENTRY_CHANGES, Set.of("home")), plan.get(Path.of("/")),
                "a missing path is awaited at its nearest existing ancestor");
        assertEquals(4, plan.size(), plan::toString);
    }

    @Test
    void mergedTargetsWatchEveryNameOnceAnyNameIsWanted() {
        Set<Path> dirs = Set.of(Path.of("/d"));
        Map<Path, CacheFileWatches.Target> plan = CacheFileWatches.plan(List.of(
                CacheLocation.parse("DIR::/d/tktA"), CacheLocation.parse("DIR:/d")), dirs::contains, p -> false);
        assertEquals(Set.of(), plan.get(Path.of("/d")).names());
        assertTrue(plan.get(Path.of("/d")).concerns("anything"));
    }
}
