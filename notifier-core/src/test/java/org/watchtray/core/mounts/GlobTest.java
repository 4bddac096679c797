package org.watchtray.core.mounts;

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
}
