package org.watchtray.core.mounts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link MountinfoLines}: which mounts' lines changed between two readings of mountinfo, on
 * lines recorded on the development machine (Linux 6.18, a private mount namespace; fields:
 * (1) ID (2) parent ID (3) major:minor (4) root (5) mount point (6) mount options (7) optional
 * fields (8) "-" (9) type (10) source (11) super options), before and after real remounts.
 */
class MountinfoLinesTest {

    private static final String BEFORE = String.join("\n",
            // (1) ID 27: the namespace's root, ext4
            "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard",
            // (1) 64: a tmpfs whose mount point has a space, "\040", and whose source "dev#1 x" has "\043" and "\040"
            "64 27 0:40 / /tmp/fx/with\\040space rw,relatime - tmpfs dev\\0431\\040x rw,size=1024k",
            // (1) 65: a bind of 64's filesystem at a path with a tab "\011" and a backslash "\134"; shared:1 peer group
            "65 27 0:40 / /tmp/fx/tab\\011back\\134slash rw,relatime shared:1 - tmpfs dev\\0431\\040x rw,size=1024k",
            // (1) 1066: a four-digit ID (IDs are not one digit wide), mount point with a newline "\012"
            "1066 27 0:42 / /tmp/fx/new\\012line rw,nosuid - tmpfs none rw",
            "");

    /** After "mount -o remount,bind,ro" of 65 and "mount -o remount,size=2m" of the filesystem behind 64 and 65. */
    private static final String AFTER = String.join("\n",
            "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard",
            // (11) the superblock's size changed: 64's line changes
            "64 27 0:40 / /tmp/fx/with\\040space rw,relatime - tmpfs dev\\0431\\040x rw,size=2048k",
            // (6) read-only through this mount and (11) the new size
            "65 27 0:40 / /tmp/fx/tab\\011back\\134slash ro,relatime shared:1 - tmpfs dev\\0431\\040x rw,size=2048k",
            "1066 27 0:42 / /tmp/fx/new\\012line rw,nosuid - tmpfs none rw",
            "");

    @Test
    void scansEachLinesId() {
        MountinfoLines lines = scan(BEFORE);
        assertEquals(4, lines.count());
        assertArrayEquals(new int[] {27, 64, 65, 1066}, new int[] {lines.id(0), lines.id(1), lines.id(2), lines.id(3)});
    }

    @Test
    void namesTheMountsWhoseLinesChanged() {
        assertArrayEquals(new int[] {64, 65}, scan(AFTER).changedSince(scan(BEFORE)));
        assertArrayEquals(new int[0], scan(AFTER).changedSince(scan(AFTER)), "the same bytes: nothing changed");
    }

    @Test
    void aMountOrUnmountBetweenReadingsCannotBeToldFromTheLines() {
        String unmounted = BEFORE.replace("1066 27 0:42 / /tmp/fx/new\\012line rw,nosuid - tmpfs none rw\n", "");
        assertNull(scan(unmounted).changedSince(scan(BEFORE)));
        // The ID freed and reused at once: same count, but the line's ID sits elsewhere.
        String reordered = String.join("\n", "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard",
                "65 27 0:40 / /tmp/fx/tab\\011back\\134slash rw,relatime shared:1 - tmpfs dev\\0431\\040x rw,size=1024k",
                "64 27 0:43 / /tmp/fx/other rw,relatime - tmpfs o rw",
                "1066 27 0:42 / /tmp/fx/new\\012line rw,nosuid - tmpfs none rw", "");
        assertNull(scan(reordered).changedSince(scan(BEFORE)));
        assertNull(scan(AFTER).changedSince(new MountinfoLines()), "no previous reading");
    }

    @Test
    void whatIsNoMountinfoDoesNotScan() {
        MountinfoLines lines = new MountinfoLines();
        assertFalse(scan(lines, ""), "empty");
        assertFalse(scan(lines, "27 1 254:0 / / rw - ext4 /dev/vda rw"), "a last line without its newline: a short read");
        assertFalse(scan(lines, "x27 1 254:0 / / rw - ext4 /dev/vda rw\n"), "no leading ID");
        assertFalse(scan(lines, "27\n"), "an ID with no space after it");
        assertFalse(scan(lines, "99999999999 1 0:1 / / rw - tmpfs x rw\n"), "an ID beyond 32 bits");
        assertEquals(0, lines.count());
        assertTrue(scan(lines, "2147483647 1 0:1 / / rw - tmpfs x rw\n"), "the largest ID");
        assertEquals(Integer.MAX_VALUE, lines.id(0));
    }

    /**
     * A reading taken a read(2) at a time (the kernel hands out whole lines, about a page each):
     * the lines scanned in parts, the buffer grown between them, are those scanned whole.
     */
    @Test
    void aReadingScannedInPartsIsTheReadingScannedWhole() {
        byte[] after = AFTER.getBytes(StandardCharsets.UTF_8);
        int split = AFTER.indexOf("65 27");  // the first read ended after lines 27 and 64
        MountinfoLines lines = new MountinfoLines();
        byte[] buf = new byte[split + 3];
        System.arraycopy(after, 0, buf, 0, split);
        assertTrue(lines.scan(buf, split));
        assertEquals(2, lines.count());
        byte[] grown = java.util.Arrays.copyOf(buf, after.length + 8);
        System.arraycopy(after, split, grown, split, after.length - split);
        assertTrue(lines.scanMore(grown, split, after.length));
        assertEquals(4, lines.count());
        assertArrayEquals(new int[] {64, 65}, lines.changedSince(scan(BEFORE)));
        assertArrayEquals(new int[0], lines.changedSince(scan(AFTER)), "the same lines as scanned whole");

        MountinfoLines torn = new MountinfoLines();
        assertTrue(torn.scan(after, split));
        assertFalse(torn.scanMore(after, split, split + 4), "a part that ends within a line");
        assertEquals(0, torn.count(), "then no lines are held");
    }

    private static MountinfoLines scan(String text) {
        MountinfoLines lines = new MountinfoLines();
        assertTrue(scan(lines, text), text);
        return lines;
    }

    private static boolean scan(MountinfoLines lines, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // Read into a larger buffer, as from the file: bytes past n are not the reading's.
        byte[] buf = new byte[bytes.length + 16];
        System.arraycopy(bytes, 0, buf, 0, bytes.length);
        buf[bytes.length] = 'x';
        return lines.scan(buf, bytes.length);
    }
}
