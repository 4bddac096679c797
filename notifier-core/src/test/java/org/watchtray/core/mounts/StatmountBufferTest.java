package org.watchtray.core.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.watchtray.core.record.Fixtures.bytes;
import static org.watchtray.core.record.Fixtures.concat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * struct statmount as Linux 6.18 filled it (x86-64, little-endian) for
 * {@code mount -t tmpfs -o size=1m,ro,nosuid 'src #1' /tmp/wt-rec-mnt}, asked for
 * {@link MountTables#FULL} (mask 0x3bf).
 */
class StatmountBufferTest {

    private static final byte[] RECORDED = concat(
            bytes(
                    // @0 size 0x22b (555: 512 + 43 bytes of strings) | @4 mnt_opts → str+0x19
                    0x2b, 0x02, 0x00, 0x00, 0x19, 0x00, 0x00, 0x00,
                    // @8 mask 0x2bf: SB_BASIC MNT_BASIC PROPAGATE_FROM MNT_ROOT MNT_POINT FS_TYPE MNT_OPTS SB_SOURCE
                    //    (FS_SUBTYPE 0x100 is clear: tmpfs has none)
                    0xbf, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                    // @16 sb_dev_major 0 | @20 sb_dev_minor 0x28 (40)
                    0x00, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00,
                    // @24 sb_magic 0x01021994 (TMPFS_MAGIC)
                    0x94, 0x19, 0x02, 0x01, 0x00, 0x00, 0x00, 0x00,
                    // @32 sb_flags 0x1 (SB_RDONLY) | @36 fs_type → str+1
                    0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
                    // @40 mnt_id 0x8000713e
                    0x3e, 0x71, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00,
                    // @48 mnt_parent_id 0x8000712a
                    0x2a, 0x71, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00,
                    // @56 mnt_id_old 66 | @60 mnt_parent_id_old 46
                    0x42, 0x00, 0x00, 0x00, 0x2e, 0x00, 0x00, 0x00,
                    // @64 mnt_attr 0x3 (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID; relatime is 0)
                    0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                    // @72 mnt_propagation 0x40000 (MS_PRIVATE)
                    0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
                    // @80 mnt_peer_group 0 | @88 mnt_master 0 | @96 propagate_from 0
                    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                    // @104 mnt_root → str+7 | @108 mnt_point → str+9
                    0x07, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00,
                    // @112 mnt_ns_id (not asked for) | @120 fs_subtype (empty) | @124 sb_source → str+0x24
                    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                    0x00, 0x00, 0x00, 0x00, 0x24, 0x00, 0x00, 0x00),
            // @128 .. @511: option arrays, supported_mask, id maps and spare, all 0 here
            new byte[512 - 128],
            // @512 str[]: a leading NUL, then "tmpfs" @+1, "/" @+7, "/tmp/wt-rec-mnt" @+9,
            // "size=1024k" @+0x19, "src #1" @+0x24, each NUL-terminated
            bytes(0x00), "tmpfs\0/\0/tmp/wt-rec-mnt\0size=1024k\0src #1\0".getBytes());

    @Test
    void aRecordedTmpfsReadsAsMountinfoShowsIt() {
        assertEquals(555, RECORDED.length);
        assertNull(StatmountBuffer.problem(RECORDED, RECORDED.length));
        StatmountBuffer.Basic basic = StatmountBuffer.basic(RECORDED, RECORDED.length);
        assertEquals(new StatmountBuffer.Basic(1, 0, 40, 0x8000712aL, 3, 0x40000, 0, 0, null), basic, "not ext4: no options kept");
        MountEntry e = StatmountBuffer.entry(RECORDED, RECORDED.length, basic);
        // /proc/self/mountinfo said: 66 46 0:40 / /tmp/wt-rec-mnt ro,nosuid,relatime - tmpfs src\043#1 ro,size=1024k
        assertEquals(new MountEntry(0x8000713eL, 66, 46, 0, 40, "/", "/tmp/wt-rec-mnt", "ro,nosuid,relatime", List.of(),
                "tmpfs", "src #1", "ro,size=1024k"), e);
        assertEquals(0x8000713eL, StatmountBuffer.mountId(RECORDED));
    }

    @Test
    void theCheapNumbersCompareWithoutAllocating() {
        StatmountBuffer.Basic seen = StatmountBuffer.basic(RECORDED, RECORDED.length);
        assertTrue(StatmountBuffer.sameBasic(RECORDED, RECORDED.length, seen));
        byte[] rw = RECORDED.clone();
        rw[32] = 0;  // sb_flags: no longer SB_RDONLY (mount -o remount,rw)
        assertFalse(StatmountBuffer.sameBasic(rw, rw.length, seen));
        byte[] moved = RECORDED.clone();
        moved[48] = 0x2b;  // mnt_parent_id 0x8000712b: moved under another mount
        assertFalse(StatmountBuffer.sameBasic(moved, moved.length, seen));
    }

    /** ext4 shows its read-only state after errors only in its options, so for ext4 they are part of the cheap numbers. */
    @Test
    void ext4KeepsItsOptionsForTheCheapLook() {
        byte[] ext4 = RECORDED.clone();
        ext4[24] = (byte) 0x53;  // sb_magic 0xef53 (EXT4_SUPER_MAGIC)
        ext4[25] = (byte) 0xef;
        ext4[26] = 0;
        ext4[27] = 0;
        StatmountBuffer.Basic seen = StatmountBuffer.basic(ext4, ext4.length);
        assertEquals("size=1024k", seen.fsOptions());
        byte[] errors = ext4.clone();
        System.arraycopy("emergency".getBytes(), 0, errors, 512 + 0x19, 9);  // "size=1024k" → "emergency" + 'k'
        assertFalse(StatmountBuffer.sameBasic(errors, errors.length, seen));
    }

    @Test
    void aBufferTooShortOrWithAnImpossibleSizeIsAProblem() {
        assertEquals("statmount returned 100 bytes, the fixed part alone is 512", StatmountBuffer.problem(RECORDED, 100));
        assertEquals("length 600 outside the 555-byte buffer", StatmountBuffer.problem(RECORDED, 600));
        byte[] big = RECORDED.clone();
        big[1] = 0x10;  // size 0x102b, past the 555 bytes there are
        assertEquals("size field 4139 outside 512..555", StatmountBuffer.problem(big, big.length));
    }

    @Test
    void aStringOffsetOutsideTheBufferReadsAsEmpty() {
        byte[] b = RECORDED.clone();
        b[108] = (byte) 0xff;  // mnt_point → str+0xffff
        b[109] = (byte) 0xff;
        MountEntry e = StatmountBuffer.entry(b, b.length, StatmountBuffer.basic(b, b.length));
        assertEquals("", e.mountPoint());
        byte[] unterminated = Arrays.copyOf(RECORDED, RECORDED.length - 1);  // "src #1" loses its NUL
        unterminated[0] = 0x2a;
        MountEntry cut = StatmountBuffer.entry(unterminated, unterminated.length,
                StatmountBuffer.basic(unterminated, unterminated.length));
        assertEquals("src #1", cut.source());
    }

    @Test
    void withoutAMountPointThereIsNoEntry() {
        byte[] b = RECORDED.clone();
        b[8] = (byte) 0xaf;  // mask without MNT_POINT (0x10): the mount is not reachable from our root
        assertNull(StatmountBuffer.entry(b, b.length, StatmountBuffer.basic(b, b.length)));
    }

    /** The uapi offsets (include/uapi/linux/mount.h), which the fixture above also shows. */
    @Test
    void offsetsAreTheKernels() {
        assertEquals(512, StatmountBuffer.FIXED_SIZE);
        int[] offsets = {StatmountBuffer.SIZE, StatmountBuffer.MNT_OPTS, StatmountBuffer.MASK, StatmountBuffer.SB_DEV_MAJOR,
                StatmountBuffer.SB_DEV_MINOR, StatmountBuffer.SB_MAGIC, StatmountBuffer.SB_FLAGS, StatmountBuffer.FS_TYPE,
                StatmountBuffer.MNT_ID, StatmountBuffer.MNT_PARENT_ID, StatmountBuffer.MNT_ID_OLD, StatmountBuffer.MNT_PARENT_ID_OLD,
                StatmountBuffer.MNT_ATTR, StatmountBuffer.MNT_PROPAGATION, StatmountBuffer.MNT_PEER_GROUP, StatmountBuffer.MNT_MASTER,
                StatmountBuffer.PROPAGATE_FROM, StatmountBuffer.MNT_ROOT, StatmountBuffer.MNT_POINT, StatmountBuffer.FS_SUBTYPE,
                StatmountBuffer.SB_SOURCE, StatmountBuffer.SUPPORTED_MASK};
        int[] uapi = {0, 4, 8, 16, 20, 24, 32, 36, 40, 48, 56, 60, 64, 72, 80, 88, 96, 104, 108, 120, 124, 144};
        assertEquals(Arrays.toString(uapi), Arrays.toString(offsets));
    }
}
