package org.watchtray.core.mounts;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the {@code struct statmount} that {@code statmount(2)} fills in (include/uapi/linux/mount.h,
 * host byte order): a fixed part of 512 bytes, then {@code str[]}, into which the string fields
 * are offsets. Which fields are valid is in {@code mask} ({@link MountTables}'s bits); the kernel
 * leaves a string's bit clear when the string is empty.
 *
 * <pre>
 *   @0   u32 size              bytes filled, strings included
 *   @4   u32 mnt_opts          string: the filesystem's own options
 *   @8   u64 mask
 *   @16  u32 sb_dev_major      @20 u32 sb_dev_minor
 *   @24  u64 sb_magic          @32 u32 sb_flags (SB_RDONLY …)   @36 u32 fs_type (string)
 *   @40  u64 mnt_id            @48 u64 mnt_parent_id
 *   @56  u32 mnt_id_old        @60 u32 mnt_parent_id_old        (the IDs mountinfo shows)
 *   @64  u64 mnt_attr          @72 u64 mnt_propagation          @80 u64 mnt_peer_group
 *   @88  u64 mnt_master        @96 u64 propagate_from
 *   @104 u32 mnt_root          @108 u32 mnt_point               (strings)
 *   @112 u64 mnt_ns_id         @120 u32 fs_subtype              @124 u32 sb_source (strings)
 *   @144 u64 supported_mask    (6.15+)
 *   @512 char str[]
 * </pre>
 *
 * Nothing here throws on bad input: {@link #problem} says what is wrong with a buffer, and a
 * string field pointing outside it reads as empty.
 */
public final class StatmountBuffer {
    private StatmountBuffer() {
    }

    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    static final int SIZE = 0;
    static final int MNT_OPTS = 4;
    static final int MASK = 8;
    static final int SB_DEV_MAJOR = 16;
    static final int SB_DEV_MINOR = 20;
    static final int SB_MAGIC = 24;
    static final int SB_FLAGS = 32;
    static final int FS_TYPE = 36;
    static final int MNT_ID = 40;
    static final int MNT_PARENT_ID = 48;
    static final int MNT_ID_OLD = 56;
    static final int MNT_PARENT_ID_OLD = 60;
    static final int MNT_ATTR = 64;
    static final int MNT_PROPAGATION = 72;
    static final int MNT_PEER_GROUP = 80;
    static final int MNT_MASTER = 88;
    static final int PROPAGATE_FROM = 96;
    static final int MNT_ROOT = 104;
    static final int MNT_POINT = 108;
    static final int FS_SUBTYPE = 120;
    static final int SB_SOURCE = 124;
    static final int SUPPORTED_MASK = 144;
    /** Where {@code str[]} begins: string fields are offsets from here. */
    public static final int FIXED_SIZE = 512;

    /** ext4's superblock magic (include/uapi/linux/magic.h). */
    static final long EXT4_SUPER_MAGIC = 0xEF53;

    /**
     * The numbers a cheap look compares: a change in any of them means the mount must be read
     * in full. {@code fsOptions} is kept only for ext4, which marks its emergency read-only
     * state after errors ({@code errors=remount-ro}) in its options ({@code emergency_ro}),
     * not in the superblock flags; null for every other filesystem.
     */
    public record Basic(int sbFlags, int major, int minor, long parent, long attr, long propagation, long peerGroup, long master,
                        String fsOptions) {
    }

    /** What is wrong with {@code buf[0, length)} as a statmount result, or null when it can be read. */
    public static String problem(byte[] buf, int length) {
        if (length > buf.length) {
            return "length " + length + " outside the " + buf.length + "-byte buffer";
        }
        if (length < FIXED_SIZE) {
            return "statmount returned " + length + " bytes, the fixed part alone is " + FIXED_SIZE;
        }
        long size = Integer.toUnsignedLong(u32(buf, SIZE));
        if (size < FIXED_SIZE || size > length) {
            return "size field " + size + " outside " + FIXED_SIZE + ".." + length;
        }
        return null;
    }

    public static long mask(byte[] buf) {
        return u64(buf, MASK);
    }

    /** The mount's 64-bit ID. */
    public static long mountId(byte[] buf) {
        return u64(buf, MNT_ID);
    }

    /** The kernel's supported request bits (valid only when {@link MountTables#SUPPORTED_MASK} is in the mask). */
    public static long supportedMask(byte[] buf) {
        return u64(buf, SUPPORTED_MASK);
    }

    /** The cheap numbers; needs {@link MountTables#BASIC} (and {@link MountTables#MNT_OPTS} for ext4's options). */
    public static Basic basic(byte[] buf, int length) {
        return new Basic(u32(buf, SB_FLAGS), u32(buf, SB_DEV_MAJOR), u32(buf, SB_DEV_MINOR), u64(buf, MNT_PARENT_ID),
                u64(buf, MNT_ATTR), u64(buf, MNT_PROPAGATION), u64(buf, MNT_PEER_GROUP), u64(buf, MNT_MASTER),
                isExt4(buf) ? string(buf, length, MountTables.MNT_OPTS, MNT_OPTS) : null);
    }

    /** Whether the cheap numbers equal {@code seen}, without allocating (a cheap look at thousands of mounts). */
    public static boolean sameBasic(byte[] buf, int length, Basic seen) {
        return u32(buf, SB_FLAGS) == seen.sbFlags()
                && u64(buf, MNT_ATTR) == seen.attr()
                && u64(buf, MNT_PARENT_ID) == seen.parent()
                && u32(buf, SB_DEV_MAJOR) == seen.major()
                && u32(buf, SB_DEV_MINOR) == seen.minor()
                && u64(buf, MNT_PROPAGATION) == seen.propagation()
                && u64(buf, MNT_PEER_GROUP) == seen.peerGroup()
                && u64(buf, MNT_MASTER) == seen.master()
                && (seen.fsOptions() == null || seen.fsOptions().equals(string(buf, length, MountTables.MNT_OPTS, MNT_OPTS)));
    }

    /**
     * The mount as mountinfo would show it, from a {@link MountTables#FULL} reading; null when
     * the kernel left out its mount point or basic numbers (a mount not reachable from our root
     * has none, and mountinfo leaves it out too).
     */
    public static MountEntry entry(byte[] buf, int length, Basic b) {
        long mask = mask(buf);
        if ((mask & MountTables.MNT_POINT) == 0 || (mask & MountTables.BASIC) != MountTables.BASIC) {
            return null;
        }
        long propagateFrom = (mask & MountTables.PROPAGATE_FROM) != 0 ? u64(buf, PROPAGATE_FROM) : 0;
        return new MountEntry(
                u64(buf, MNT_ID),
                u32(buf, MNT_ID_OLD),
                u32(buf, MNT_PARENT_ID_OLD),
                b.major(), b.minor(),
                string(buf, length, MountTables.MNT_ROOT, MNT_ROOT),
                string(buf, length, MountTables.MNT_POINT, MNT_POINT),
                MountinfoFormat.mountOptions(b.attr()),
                MountinfoFormat.optionalFields(b.propagation(), b.peerGroup(), b.master(), propagateFrom),
                MountinfoFormat.fsType(string(buf, length, MountTables.FS_TYPE, FS_TYPE),
                        string(buf, length, MountTables.FS_SUBTYPE, FS_SUBTYPE)),
                string(buf, length, MountTables.SB_SOURCE, SB_SOURCE),
                MountinfoFormat.superOptions(b.sbFlags(), string(buf, length, MountTables.MNT_OPTS, MNT_OPTS)));
    }

    private static boolean isExt4(byte[] buf) {
        return u64(buf, SB_MAGIC) == EXT4_SUPER_MAGIC;
    }

    /**
     * A string field: empty when its mask bit is clear (the kernel clears it for an empty
     * string) or when its offset points outside the buffer; it ends at its NUL, or at the end.
     */
    static String string(byte[] buf, int length, long bit, int offsetField) {
        if ((mask(buf) & bit) == 0) {
            return "";
        }
        long at = FIXED_SIZE + Integer.toUnsignedLong(u32(buf, offsetField));
        int end = (int) Math.min(length, Integer.toUnsignedLong(u32(buf, SIZE)));
        if (at >= end) {
            return "";
        }
        int from = (int) at;
        int nul = from;
        while (nul < end && buf[nul] != 0) {
            nul++;
        }
        return new String(buf, from, nul - from, StandardCharsets.UTF_8);
    }

    private static int u32(byte[] b, int at) {
        return (int) U32.get(b, at);
    }

    private static long u64(byte[] b, int at) {
        return (long) U64.get(b, at);
    }
}
