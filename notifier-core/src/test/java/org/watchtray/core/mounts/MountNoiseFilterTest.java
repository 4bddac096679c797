package org.watchtray.core.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.mounts.MountEvent.Change;
import org.watchtray.core.settings.Settings;

class MountNoiseFilterTest {
    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");
    private final MountNoiseFilter defaults = MountNoiseFilter.from(Settings.Mounts.DEFAULT);

    @Test
    void defaultsHidePseudoFilesystemsContainerAndSnapLayersAndPortals() {
        assertTrue(defaults.isNoise(mounted("/sys/fs/cgroup/unified", "cgroup2")));
        assertTrue(defaults.isNoise(mounted("/mnt/anything", "tracefs")));
        assertTrue(defaults.isNoise(mounted("/var/lib/docker/overlay2/0f3a/merged", "overlay")));
        assertTrue(defaults.isNoise(mounted("/run/docker/netns/4d2c", "nsfs")));
        assertTrue(defaults.isNoise(mounted("/snap/firefox/4336", "squashfs")));
        assertTrue(defaults.isNoise(mounted("/run/user/1000/doc", "fuse.portal")));
        assertTrue(defaults.isNoise(mounted("/run/credentials/systemd-journald.service", "tmpfs")));
    }

    @Test
    void defaultsKeepWhatUsersCareAbout() {
        assertFalse(defaults.isNoise(mounted("/media/usb", "vfat")));
        assertFalse(defaults.isNoise(mounted("/home/u/remote", "fuse.sshfs")));
        assertFalse(defaults.isNoise(mounted("/", "ext4")));
        assertFalse(defaults.isNoise(mounted("/run/user/1000", "tmpfs")));
    }

    @Test
    void aMoveIsNoiseOnlyWhenBothEndsAre() {
        MountEvent out = new MountEvent(T, Change.MOVED, 5, "/media/x", "/snap/x", "ext4", "/dev/sdb1", "rw", null);
        assertFalse(defaults.isNoise(out));
        MountEvent inside = new MountEvent(T, Change.MOVED, 5, "/snap/y", "/snap/x", "ext4", "/dev/sdb1", "rw", null);
        assertTrue(defaults.isNoise(inside));
    }

    @Test
    void userRulesAreGlobs() {
        MountNoiseFilter f = new MountNoiseFilter(List.of("/mnt/scratch*"), List.of("fuse.*"));
        assertEquals(List.of("/mnt/keep"), f.withoutNoise(List.of(
                mounted("/mnt/scratch1", "ext4"), mounted("/mnt/keep", "ext4"), mounted("/x", "fuse.sshfs")))
                .stream().map(MountEvent::mountPoint).toList());
    }

    @Test
    void watchedEntriesAreTheOnesNotFilteredOut() {
        MountEntry snap = new MountEntry(0, 9, 1, 7, 3, "/", "/snap/core/1", "ro", List.of(), "squashfs", "/dev/loop3", "ro");
        MountEntry media = new MountEntry(0, 10, 1, 8, 17, "/", "/media/usb", "rw", List.of(), "vfat", "/dev/sdb1", "rw");
        assertFalse(defaults.isWatched(snap));
        assertTrue(defaults.isWatched(media));
    }

    private static MountEvent mounted(String point, String type) {
        return new MountEvent(T, Change.MOUNTED, 1, point, null, type, "src", "rw", null);
    }
}
