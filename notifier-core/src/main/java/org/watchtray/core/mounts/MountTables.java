package org.watchtray.core.mounts;

import org.watchtray.core.os.OsException;

/**
 * {@code listmount(2)} and {@code statmount(2)} (Linux 6.8+): the mount table of our namespace
 * by 64-bit mount ID, one mount at a time. Only the kernel can do this; what statmount fills in
 * is decoded in Java by {@link StatmountBuffer}. Implemented in native-access
 * ({@code NativeAccess.mountTables()}); a kernel without these calls fails them with ENOSYS.
 */
public interface MountTables {
    // STATMOUNT_* request and result mask bits (include/uapi/linux/mount.h).
    long SB_BASIC = 0x1;
    long MNT_BASIC = 0x2;
    long PROPAGATE_FROM = 0x4;
    long MNT_ROOT = 0x8;
    long MNT_POINT = 0x10;
    long FS_TYPE = 0x20;
    long MNT_OPTS = 0x80;
    long FS_SUBTYPE = 0x100;
    long SB_SOURCE = 0x200;
    /** Linux 6.15+: the kernel says which bits it supports at all. */
    long SUPPORTED_MASK = 0x1000;

    /** What a cheap look needs: numbers only, no path is generated. */
    long BASIC = SB_BASIC | MNT_BASIC;
    /** Everything a {@link MountEntry} holds. */
    long FULL = SB_BASIC | MNT_BASIC | PROPAGATE_FROM | MNT_ROOT | MNT_POINT | FS_TYPE | MNT_OPTS | FS_SUBTYPE | SB_SOURCE;

    /** Every mount of our namespace by 64-bit ID, ascending ({@code listmount} from {@code LSMT_ROOT}). */
    long[] listAll() throws OsException;

    /**
     * {@code statmount(2)} of mount {@code id} for the fields in {@code mask}: copies the
     * kernel's {@code struct statmount}, strings included, into {@code buf} and returns its size.
     * A size larger than {@code buf.length} means it did not fit: only the first
     * {@code buf.length} bytes were copied, and a call with a buffer of that size gets it all.
     * Returns -1 when the mount is gone (ENOENT) or not reachable from our root (EPERM).
     */
    int statmount(long id, long mask, byte[] buf) throws OsException;
}
