package org.watchtray.core.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void starStaysWithinOneComponent() {
        Glob g = Glob.compile("/run/user/*/doc");
        assertTrue(g.matches("/run/user/1000/doc"));
        assertFalse(g.matches("/run/user/1000/x/doc"));
        assertFalse(g.matches("/run/user/1000/doc/sub"));
    }

    @Test
    void trailingDoubleStarCoversTheDirectoryAndEverythingBelow() {
        Glob g = Glob.compile("/snap/**");
        assertTrue(g.matches("/snap"));
        assertTrue(g.matches("/snap/core/123"));
        assertFalse(g.matches("/snapshots"));
    }

    @Test
    void doubleStarInTheMiddleCrossesComponents() {
        Glob g = Glob.compile("/var/**/merged");
        assertTrue(g.matches("/var/lib/docker/overlay2/abc/merged"));
        assertFalse(g.matches("/var/merged/x"));
    }

    @Test
    void questionMarkAndLiterals() {
        assertTrue(Glob.compile("fuse.?shfs").matches("fuse.sshfs"));
        assertTrue(Glob.compile("cgroup*").matches("cgroup2"));
        // regex metacharacters in a glob are literal
        assertTrue(Glob.compile("/a+b/(c)").matches("/a+b/(c)"));
        assertFalse(Glob.compile("/a.b").matches("/aXb"));
    }

    @Test
    void pathsWithNewlinesAndTabsMatch() {
        assertTrue(Glob.compile("/media/**").matches("/media/new\nline"));
        assertTrue(Glob.compile("/media/*").matches("/media/tab\there"));
    }

    @Test
    void literalAndDirectoryRulesMatchExactlyAsBefore() {
        assertTrue(Glob.compile("proc").matches("proc"));
        assertFalse(Glob.compile("proc").matches("procfs"));
        assertFalse(Glob.compile("/proc/**").matches("/procfs"));
        assertFalse(Glob.compile("/proc/**").matches("/pro"));
        assertTrue(Glob.compile("/proc/**").matches("/proc/"));
        assertFalse(Glob.compile("/tmp/.mount_*").matches("/tmp/x.mount_a"));
        assertTrue(Glob.compile("/tmp/.mount_*").matches("/tmp/.mount_a"));
        assertFalse(Glob.compile("/tmp/.mount_*").matches("/tmp/.mount_a/b"));
    }

    /**
     * Every mount change is checked against every noise rule on the backend thread: the default rules
     * must not allocate (a regex matcher each was most of a change's garbage, and young collections).
     */
    @Test
    void theDefaultRulesAllocateNothingWhenMatching() {
        var rules = new java.util.ArrayList<Glob>();
        org.watchtray.core.settings.Settings.Mounts d = org.watchtray.core.settings.Settings.Mounts.DEFAULT;
        d.ignoreMountPoints().forEach(g -> rules.add(Glob.compile(g)));
        d.ignoreFsTypes().forEach(g -> rules.add(Glob.compile(g)));
        String[] paths = {"/tmp/wt-bench-mounts-1/run1/t", "/home/user/mnt", "tmpfs", "/media/usb", "ext4"};
        int hits = 0;
        long before = org.watchtray.core.testing.Allocation.threadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            for (int r = 0; r < rules.size(); r++) { // no iterator: it would be the garbage counted
                hits += rules.get(r).matches(paths[i % paths.length]) ? 1 : 0;
            }
        }
        long allocated = org.watchtray.core.testing.Allocation.threadAllocatedBytes() - before;
        assertEquals(0, hits);
        // 370,000 matches; a regex matcher each was 140 bytes (52 MB). Allow a little for the counter itself.
        assertTrue(allocated < 64 * 1024, allocated + " bytes allocated");
    }
}
