package org.watchtray.core.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.watchtray.core.mounts.MountEntry;

/**
 * /proc/self/mountinfo lines recorded on the development machine (Linux 6.18, a private mount
 * namespace), plus hand-written lines for the fields that are hard to produce on demand.
 * Fields: (1) ID (2) parent ID (3) major:minor (4) root (5) mount point (6) mount options
 * (7) optional fields… (8) "-" (9) type (10) source (11) super options.
 */
class MountinfoParserTest {

    private static final String RECORDED = String.join("\n",
            // (1) 27 (2) parent 1, not visible: the namespace root's parent (3) 254:0 (4) "/" (5) "/"
            // (6) rw,relatime (7) none (9) ext4 (10) /dev/vda (11) rw + ext4's own options
            "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534",
            // mount point with a space: "\040"; source "dev#1 x" escapes '#' as \043 and the space
            "64 63 0:40 / /tmp/mnt-exp/fx/with\\040space rw,relatime - tmpfs dev\\0431\\040x rw,size=2048k",
            // mount point with a tab: "\011"; (7) shared:1 (peer group 1); (10) source "none"
            "65 63 0:41 / /tmp/mnt-exp/fx/tab\\011here rw,relatime shared:1 - tmpfs none rw",
            // mount point with a newline: "\012"; per-mount ro + flags; (10) EMPTY source (two
            // spaces after the type); (11) the superblock is read-only too
            "66 63 0:42 / /tmp/mnt-exp/fx/new\\012line ro,nosuid,nodev,noexec,noatime - tmpfs  ro",
            // a bind mount of a subdirectory: (4) root "/src dir"; mount point with a backslash "\134";
            // read-only only through this mount (6) while the filesystem (11) stays rw
            "67 63 0:39 /src\\040dir /tmp/mnt-exp/fx/back\\134slash ro,relatime,nosymfollow - tmpfs fx rw,size=1024k,mode=755",
            // (7) master:1 (a slave of peer group 1); (11) generic superblock flags sync, dirsync, lazytime
            "65 63 0:40 / /tmp/mnt-exp/fx/b rw,relatime master:1 - tmpfs x rw,sync,dirsync,lazytime",
            "");

    @Test
    void recordedLinesParseIntoTheirFields() {
        MountinfoParser.Result r = MountinfoParser.parse(RECORDED);
        assertEquals(List.of(), r.problems());
        assertEquals(6, r.entries().size());

        MountEntry root = r.entries().get(0);
        assertEquals(27, root.mountId());
        assertEquals(1, root.parentId());
        assertEquals(254, root.major());
        assertEquals(0, root.minor());
        assertEquals("254:0", root.deviceNumber());
        assertEquals("/", root.root());
        assertEquals("/", root.mountPoint());
        assertEquals("rw,relatime", root.mountOptions());
        assertEquals(List.of(), root.optionalFields());
        assertEquals("ext4", root.fsType());
        assertEquals("/dev/vda", root.source());
        assertEquals("rw,discard,resv_strict,resuid=65534,resgid=65534", root.superOptions());
        assertEquals(0, root.uniqueId());
        assertEquals(27, root.key());
        assertFalse(root.readOnly());

        MountEntry space = r.entries().get(1);
        assertEquals("/tmp/mnt-exp/fx/with space", space.mountPoint());
        assertEquals("dev#1 x", space.source());

        MountEntry tab = r.entries().get(2);
        assertEquals("/tmp/mnt-exp/fx/tab\there", tab.mountPoint());
        assertEquals(List.of("shared:1"), tab.optionalFields());
        assertEquals("none", tab.source());
        assertEquals("rw", tab.superOptions());

        MountEntry newline = r.entries().get(3);
        assertEquals("/tmp/mnt-exp/fx/new\nline", newline.mountPoint());
        assertEquals("ro,nosuid,nodev,noexec,noatime", newline.mountOptions());
        assertEquals("", newline.source());
        assertEquals("ro", newline.superOptions());
        assertTrue(newline.readOnly());

        MountEntry bind = r.entries().get(4);
        assertEquals("/src dir", bind.root());
        assertEquals("/tmp/mnt-exp/fx/back\\slash", bind.mountPoint());
        assertTrue(bind.readOnly(), "read-only through the mount although the filesystem is rw");
        assertEquals("ro,relatime,nosymfollow,size=1024k,mode=755", bind.displayOptions());

        MountEntry slave = r.entries().get(5);
        assertEquals(List.of("master:1"), slave.optionalFields());
        assertEquals("rw,sync,dirsync,lazytime", slave.superOptions());
    }

    @Test
    void everyOptionalFieldAndASubtype() {
        MountEntry e = parse(
                // (7) four optional fields: shared:7, master:3, propagate_from:2, unbindable;
                // (9) type with subtype "fuse.sshfs"; (10) user@host:/path; (11) fuse's options
                "301 27 0:77 / /home/u/remote rw,nosuid,nodev,relatime shared:7 master:3 propagate_from:2 unbindable"
                        + " - fuse.sshfs u@host:/srv rw,user_id=1000,group_id=1000");
        assertEquals(List.of("shared:7", "master:3", "propagate_from:2", "unbindable"), e.optionalFields());
        assertEquals("fuse.sshfs", e.fsType());
        assertEquals("u@host:/srv", e.source());
    }

    @Test
    void unknownOptionalFieldsFromANewerKernelAreKept() {
        MountEntry e = parse("40 27 0:50 / /x rw - tmpfs t rw");
        assertEquals(List.of(), e.optionalFields());
        MountEntry future = parse("40 27 0:50 / /x rw peer_ns:9 - tmpfs t rw");
        assertEquals(List.of("peer_ns:9"), future.optionalFields());
    }

    @Test
    void superOptionsAreTheRestOfTheLine() {
        // A filesystem that prints an option value with an unescaped space keeps it in (11).
        assertEquals("rw,label=a b", parse("40 27 0:50 / /x rw - vfat /dev/sdb1 rw,label=a b").superOptions());
    }

    @Test
    void aSeparatorIsRequired() {
        MountinfoParser.MalformedLine e = assertThrows(MountinfoParser.MalformedLine.class,
                () -> MountinfoParser.parseLine("40 27 0:50 / /x rw shared:1 tmpfs t rw"));
        assertEquals("no '-' separator after the optional fields", e.getMessage());
    }

    @Test
    void malformedLinesAreReportedWithTheirPlaceAndIdAndDoNotStopTheOthers() {
        String text = String.join("\n",
                "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw",
                // (3) without ':'
                "41 27 0x32 / /a rw - tmpfs t rw",
                // cut short after the type: no source, no super options
                "42 27 0:51 / /b rw - tmpfs",
                // (6) neither ro nor rw
                "43 27 0:52 / /c nosuid - tmpfs t rw",
                // (7) a shared field without its peer group
                "44 27 0:53 / /d rw shared - tmpfs t rw",
                // not even an ID; contains a control character
                "garbage\u001b[31m",
                // an empty line
                "",
                "45 27 0:54 / /e rw - tmpfs t rw");
        MountinfoParser.Result r = MountinfoParser.parse(text);
        assertEquals(List.of(27, 45), r.entries().stream().map(MountEntry::mountId).toList());
        assertEquals(6, r.problems().size());
        MountinfoParser.Problem first = r.problems().get(0);
        assertEquals(2, first.line());
        assertEquals(text.indexOf("41 27"), first.offset());
        assertEquals(OptionalInt.of(41), first.mountId());
        assertEquals("major:minor '0x32' has no ':'", first.reason());
        assertEquals("line ends before the source", r.problems().get(1).reason());
        assertEquals("mount options 'nosuid' do not start with ro or rw", r.problems().get(2).reason());
        assertEquals("optional field 'shared' has no peer group number", r.problems().get(3).reason());
        assertEquals(OptionalInt.empty(), r.problems().get(4).mountId());
        assertEquals("garbage\u001b[31m", r.problems().get(4).text());
        assertEquals(7, r.problems().get(5).line());
    }

    @Test
    void numbersOutOfRangeAreRejected() {
        assertThrows(MountinfoParser.MalformedLine.class, () -> MountinfoParser.parseLine("4294967296 1 0:1 / / rw - t s rw"));
        assertThrows(MountinfoParser.MalformedLine.class, () -> MountinfoParser.parseLine("-1 1 0:1 / / rw - t s rw"));
    }

    @Test
    void aMissingFinalNewlineIsTolerated() {
        assertEquals(1, MountinfoParser.parse("27 1 254:0 / / rw - ext4 /dev/vda rw").entries().size());
    }

    private static MountEntry parse(String line) {
        try {
            return MountinfoParser.parseLine(line);
        } catch (MountinfoParser.MalformedLine e) {
            throw new AssertionError(e);
        }
    }
}
