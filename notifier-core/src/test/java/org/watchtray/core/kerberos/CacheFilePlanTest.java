package org.watchtray.core.kerberos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which inotify watches the file-cache strategy plans for a set of cache locations (pure planning). */
class CacheFilePlanTest {
    @Test
    void fileCachesAreWatchedThroughTheirDirectoryAndThemselves() {
        Set<Path> dirs = Set.of(Path.of("/"), Path.of("/tmp"), Path.of("/run"), Path.of("/run/user"), Path.of("/run/user/1000"), Path.of("/run/user/1000/krb5cc"));
        Set<Path> files = Set.of(Path.of("/tmp/krb5cc_1000"));
        Map<Path, CacheFilePlan.Target> plan = CacheFilePlan.plan(List.of(
                CacheLocation.parse("FILE:/tmp/krb5cc_1000"),
                CacheLocation.parse("FILE:/tmp/other"),
                CacheLocation.parse("DIR:/run/user/1000/krb5cc"),
                CacheLocation.parse("FILE:/home/alice/no/such/dir/cc"),
                CacheLocation.parse("KEYRING:persistent:1000")), dirs::contains, files::contains);

        assertEquals(new CacheFilePlan.Target(Path.of("/tmp"), CacheFilePlan.ENTRY_CHANGES, Set.of("krb5cc_1000", "other")), plan.get(Path.of("/tmp")));
        assertEquals(new CacheFilePlan.Target(Path.of("/tmp/krb5cc_1000"), CacheFilePlan.REWRITES, Set.of()), plan.get(Path.of("/tmp/krb5cc_1000")));
        assertEquals(new CacheFilePlan.Target(Path.of("/run/user/1000/krb5cc"), CacheFilePlan.ENTRY_CHANGES | CacheFilePlan.REWRITES, Set.of()),
                plan.get(Path.of("/run/user/1000/krb5cc")));
        assertEquals(new CacheFilePlan.Target(Path.of("/"), CacheFilePlan.ENTRY_CHANGES, Set.of("home")), plan.get(Path.of("/")),
                "a missing path is awaited at its nearest existing ancestor");
        assertEquals(4, plan.size(), plan::toString);
    }

    @Test
    void mergedTargetsWatchEveryNameOnceAnyNameIsWanted() {
        Set<Path> dirs = Set.of(Path.of("/d"));
        Map<Path, CacheFilePlan.Target> plan = CacheFilePlan.plan(List.of(
                CacheLocation.parse("DIR::/d/tktA"), CacheLocation.parse("DIR:/d")), dirs::contains, p -> false);
        assertEquals(Set.of(), plan.get(Path.of("/d")).names());
        assertTrue(plan.get(Path.of("/d")).concerns("anything"));
    }
}
