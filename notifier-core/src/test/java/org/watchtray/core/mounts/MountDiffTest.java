package org.watchtray.core.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.mounts.MountEvent.Change;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Severity;

class MountDiffTest {
    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

    private static final MountEntry ROOT = entry(0x80000001L, 27, 1, "/", "ext4", "/dev/vda", "rw,relatime", "rw,errors=remount-ro");
    private static final MountEntry HOME = entry(0x80000002L, 28, 27, "/home", "ext4", "/dev/vdb", "rw,relatime", "rw");

    @Test
    void identicalTablesProduceNothing() {
        MountTable t = MountTable.of(List.of(ROOT, HOME));
        assertEquals(List.of(), MountDiff.between(t, MountTable.of(List.of(ROOT, HOME)), T));
    }

    @Test
    void mountedAndUnmountedCarryTheRealPathDeviceAndType() {
        MountEntry stick = entry(0x80000010L, 60, 27, "/media/my stick\nx", "vfat", "/dev/sdb1", "rw,nosuid", "rw,fmask=0022");
        List<MountEvent> up = MountDiff.between(MountTable.of(List.of(ROOT)), MountTable.of(List.of(ROOT, stick)), T);
        assertEquals(1, up.size());
        MountEvent e = up.getFirst();
        assertEquals(Change.MOUNTED, e.change());
        assertEquals("/media/my stick\nx", e.mountPoint());
        assertEquals("vfat", e.fsType());
        assertEquals("/dev/sdb1", e.device());
        assertEquals("rw,nosuid,fmask=0022", e.options());
        assertEquals(60, e.mountId());
        assertEquals(T, e.time());

        List<MountEvent> down = MountDiff.between(MountTable.of(List.of(ROOT, stick)), MountTable.of(List.of(ROOT)), T);
        assertEquals(List.of(Change.UNMOUNTED), changes(down));
        assertEquals("/media/my stick\nx", down.getFirst().mountPoint());
    }

    @Test
    void remountedReadOnlyIsCriticalWithDeviceAndFilesystem() {
        MountEntry ro = entry(HOME.uniqueId(), 28, 27, "/home", "ext4", "/dev/vdb", "rw,relatime", "ro");
        List<MountEvent> events = MountDiff.between(MountTable.of(List.of(ROOT, HOME)), MountTable.of(List.of(ROOT, ro)), T);
        assertEquals(List.of(Change.REMOUNTED_READ_ONLY), changes(events));
        MountEvent e = events.getFirst();
        assertEquals(Severity.CRITICAL, e.severity());
        assertEquals("/dev/vdb", e.device());
        assertEquals("ext4", e.fsType());
        assertEquals("ro,relatime", e.options());
        assertEquals("rw,relatime", e.previousOptions());
        assertEquals("\u201c/home\u201d (ext4 /dev/vdb) was remounted read-only", EnglishSummary.of(e));

        List<MountEvent> back = MountDiff.between(MountTable.of(List.of(ro)), MountTable.of(List.of(HOME)), T);
        assertEquals(List.of(Change.REMOUNTED_READ_WRITE), changes(back));
    }

    @Test
    void ext4GoingReadOnlyAfterErrorsShowsOnlyAsAnOptionAndIsCaught() {
        // Linux 6.18 after an ext4 error with errors=remount-ro: the superblock still says rw.
        MountEntry before = entry(HOME.uniqueId(), 28, 27, "/home", "ext4", "/dev/vdb", "rw,relatime", "rw,errors=remount-ro");
        MountEntry after = entry(HOME.uniqueId(), 28, 27, "/home", "ext4", "/dev/vdb", "rw,relatime", "rw,errors=remount-ro,emergency_ro");
        assertEquals(true, after.readOnlyAfterErrors());
        List<MountEvent> e = MountDiff.between(MountTable.of(List.of(before)), MountTable.of(List.of(after)), T);
        assertEquals(List.of(Change.REMOUNTED_READ_ONLY), changes(e));
        assertEquals("ro,relatime,errors=remount-ro,emergency_ro", e.getFirst().options());
        assertEquals("\u201c/home\u201d (ext4 /dev/vdb) was remounted read-only after filesystem errors", EnglishSummary.of(e.getFirst()));
        assertEquals(false, entry(1, 1, 1, "/x", "ext4", "d", "rw", "rw,emergency_ro_not").readOnlyAfterErrors());
    }

    @Test
    void readOnlyThroughTheMountAloneCountsToo() {
        MountEntry bindRo = entry(HOME.uniqueId(), 28, 27, "/home", "ext4", "/dev/vdb", "ro,relatime", "rw");
        assertEquals(List.of(Change.REMOUNTED_READ_ONLY),
                changes(MountDiff.between(MountTable.of(List.of(HOME)), MountTable.of(List.of(bindRo)), T)));
    }

    @Test
    void otherOptionChanges() {
        MountEntry noexec = entry(HOME.uniqueId(), 28, 27, "/home", "ext4", "/dev/vdb", "rw,noexec,relatime", "rw");
        List<MountEvent> e = MountDiff.between(MountTable.of(List.of(HOME)), MountTable.of(List.of(noexec)), T);
        assertEquals(List.of(Change.OPTIONS_CHANGED), changes(e));
        assertEquals("rw,noexec,relatime", e.getFirst().options());
        assertEquals("rw,relatime", e.getFirst().previousOptions());
    }

    @Test
    void aMoveKeepsTheIdAndReportsBothPlaces() {
        MountEntry moved = entry(HOME.uniqueId(), 28, 27, "/srv/home", "ext4", "/dev/vdb", "rw,relatime", "rw");
        List<MountEvent> e = MountDiff.between(MountTable.of(List.of(HOME)), MountTable.of(List.of(moved)), T);
        assertEquals(List.of(Change.MOVED), changes(e));
        assertEquals("/srv/home", e.getFirst().mountPoint());
        assertEquals("/home", e.getFirst().previousMountPoint());
    }

    @Test
    void submountsCarriedAlongByAMovedParentAreNotReportedSeparately() {
        MountEntry a = entry(10, 0, 27, "/a", "tmpfs", "t", "rw", "rw");
        MountEntry ax = entry(11, 0, 0, "/a/x", "tmpfs", "u", "rw", "rw");
        MountEntry axy = entry(12, 0, 0, "/a/x/y", "tmpfs", "v", "rw", "rw");
        MountEntry b = entry(10, 0, 27, "/b", "tmpfs", "t", "rw", "rw");
        MountEntry bx = entry(11, 0, 0, "/b/x", "tmpfs", "u", "rw", "rw");
        MountEntry bxy = entry(12, 0, 0, "/b/x/y", "tmpfs", "v", "rw", "rw");
        List<MountEvent> e = MountDiff.between(MountTable.of(List.of(a, ax, axy)), MountTable.of(List.of(b, bx, bxy)), T);
        assertEquals(List.of("/a -> /b"), e.stream().map(m -> m.previousMountPoint() + " -> " + m.mountPoint()).toList());
    }

    @Test
    void aMovedAndRemountedMountReportsBoth() {
        MountEntry both = entry(HOME.uniqueId(), 28, 27, "/srv/home", "ext4", "/dev/vdb", "ro,relatime", "rw");
        assertEquals(List.of(Change.MOVED, Change.REMOUNTED_READ_ONLY),
                changes(MountDiff.between(MountTable.of(List.of(HOME)), MountTable.of(List.of(both)), T)));
    }

    @Test
    void aReusedMountinfoIdIsAnUnmountAndAMount() {
        MountEntry before = entry(0, 40, 27, "/mnt", "tmpfs", "one", "rw", "rw");
        MountEntry after = entry(0, 40, 27, "/mnt", "vfat", "/dev/sdc1", "rw", "rw");
        assertEquals(List.of(Change.UNMOUNTED, Change.MOUNTED),
                changes(MountDiff.between(MountTable.of(List.of(before)), MountTable.of(List.of(after)), T)));
    }

    @Test
    void networkMountsGoingAwayAreLost() {
        MountEntry nfs = entry(0x80000020L, 70, 27, "/net/data", "nfs4", "srv:/data", "rw", "rw,vers=4.2");
        MountEntry sshfs = entry(0x80000021L, 71, 27, "/home/u/remote", "fuse.sshfs", "u@h:/", "rw", "rw");
        List<MountEvent> e = MountDiff.between(MountTable.of(List.of(ROOT, nfs, sshfs)), MountTable.of(List.of(ROOT)), T);
        assertEquals(List.of(Change.NETWORK_MOUNT_LOST, Change.NETWORK_MOUNT_LOST), changes(e));
        assertEquals(Severity.WARNING, e.getFirst().severity());
    }

    @Test
    void orderIsUnmountsDeepestFirstThenMovesThenChangesThenMountsShallowestFirst() {
        MountEntry deep = entry(0x90, 80, 0, "/old/a/b", "tmpfs", "t", "rw", "rw");
        MountEntry shallow = entry(0x91, 81, 0, "/old", "tmpfs", "t", "rw", "rw");
        MountEntry newDeep = entry(0x92, 82, 0, "/new/a/b", "tmpfs", "t", "rw", "rw");
        MountEntry newShallow = entry(0x93, 83, 0, "/new", "tmpfs", "t", "rw", "rw");
        MountEntry homeRo = entry(HOME.uniqueId(), 28, 27, "/home", "ext4", "/dev/vdb", "ro,relatime", "rw");
        List<MountEvent> e = MountDiff.between(MountTable.of(List.of(ROOT, HOME, shallow, deep)),
                MountTable.of(List.of(ROOT, homeRo, newDeep, newShallow)), T);
        List<String> got = new ArrayList<>();
        for (MountEvent m : e) {
            got.add(m.change() + " " + m.mountPoint());
        }
        assertEquals(List.of("UNMOUNTED /old/a/b", "UNMOUNTED /old", "REMOUNTED_READ_ONLY /home",
                "MOUNTED /new", "MOUNTED /new/a/b"), got);
    }

    @Test
    void lookingOnlyAtTheKeysAReaderNamesGivesTheSameEvents() {
        MountEntry stick = entry(0x80000010L, 60, 27, "/media/stick", "vfat", "/dev/sdb1", "rw", "rw");
        MountEntry homeRo = entry(HOME.uniqueId(), 28, 27, "/home", "ext4", "/dev/vdb", "ro,relatime", "rw");
        MountEntry gone = entry(0x80000011L, 61, 27, "/media/old", "vfat", "/dev/sdc1", "rw", "rw");
        MountTable before = MountTable.of(List.of(ROOT, HOME, gone));
        MountTable after = MountTable.of(List.of(ROOT, homeRo, stick));
        List<MountEvent> all = MountDiff.between(before, after, T);
        assertEquals(List.of(Change.UNMOUNTED, Change.REMOUNTED_READ_ONLY, Change.MOUNTED), changes(all));
        assertEquals(all, MountDiff.between(before, after, java.util.Set.of(stick.key(), HOME.key(), gone.key()), T));
        assertEquals(List.of(Change.MOUNTED), changes(MountDiff.between(before, after, java.util.Set.of(stick.key()), T)));
    }

    static MountEntry entry(long unique, int id, int parent, String point, String type, String source, String mountOpts, String superOpts) {
        return new MountEntry(unique, id, parent, 0, 40, "/", point, mountOpts, List.of(), type, source, superOpts);
    }

    static List<Change> changes(List<MountEvent> events) {
        return events.stream().map(MountEvent::change).toList();
    }
}
