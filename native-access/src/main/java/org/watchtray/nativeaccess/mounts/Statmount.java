package org.watchtray.nativeaccess.mounts;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.watchtray.core.mounts.MountEntry;
import org.watchtray.core.mounts.MountinfoFormat;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.Structs;

/**
 * {@code listmount(2)} and {@code statmount(2)} (Linux 6.8+, x86-64 syscalls 458 and 457) with
 * buffers reused across calls. Not thread-safe: one instance per reader, on the backend thread.
 */
final class Statmount implements AutoCloseable {
    static final long SYS_statmount = 457;
    static final long SYS_listmount = 458;
    /** listmount's "the whole namespace" parent. */
    static final long LSMT_ROOT = -1L;

    // STATMOUNT_* request/result mask bits (include/uapi/linux/mount.h).
    static final long SB_BASIC = 0x1;
    static final long MNT_BASIC = 0x2;
    static final long PROPAGATE_FROM = 0x4;
    static final long MNT_ROOT = 0x8;
    static final long MNT_POINT = 0x10;
    static final long FS_TYPE = 0x20;
    static final long MNT_OPTS = 0x80;
    static final long FS_SUBTYPE = 0x100;
    static final long SB_SOURCE = 0x200;
    static final long SUPPORTED_MASK = 0x1000;

    /** What a cheap look needs: numbers only, no path is generated. */
    static final long BASIC = SB_BASIC | MNT_BASIC;
    /** Everything a {@link MountEntry} holds. */
    static final long FULL = SB_BASIC | MNT_BASIC | PROPAGATE_FROM | MNT_ROOT | MNT_POINT | FS_TYPE | MNT_OPTS | FS_SUBTYPE | SB_SOURCE;

    private static final long MAX_BUFFER = 1 << 20;
    private static final int ID_CHUNK = 4096;

    private final Libc libc;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment req;
    private final MemorySegment ids;
    private MemorySegment buf;

    Statmount(Libc libc) {
        this.libc = libc;
        this.req = arena.allocate(Structs.MNT_ID_REQ);
        this.ids = arena.allocate(JAVA_LONG, ID_CHUNK);
        this.buf = arena.allocate(16 * 1024, 8);
    }

    /** ext4's superblock magic (include/uapi/linux/magic.h). */
    static final long EXT4_SUPER_MAGIC = 0xEF53;

    /**
     * The numbers a cheap look compares: a change in any of them means the mount must be read
     * in full. {@code fsOptions} is kept only for ext4, which marks its emergency read-only
     * state after errors ({@code errors=remount-ro}) in its options ({@code emergency_ro}),
     * not in the superblock flags; null for every other filesystem.
     */
    record Basic(int sbFlags, int major, int minor, long parent, long attr, long propagation, long peerGroup, long master,
                 String fsOptions) {
    }

    /** Every mount of our namespace by 64-bit ID, ascending. */
    long[] listAll() throws OsException {
        long[] out = new long[ID_CHUNK];
        int total = 0;
        long after = 0;
        while (true) {
            request(LSMT_ROOT, after);
            long n = libc.syscall(SYS_listmount, req.address(), ids.address(), ID_CHUNK, 0, 0, "listmount");
            if (total + n > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, total + (int) n));
            }
            MemorySegment.copy(ids, JAVA_LONG, 0, out, total, (int) n);
            total += (int) n;
            if (n < ID_CHUNK) {
                return Arrays.copyOf(out, total);
            }
            after = out[total - 1];
        }
    }

    /** Result of {@link #compareBasic}. */
    enum Look { UNCHANGED, CHANGED, GONE }

    /** A cheap look at one mount against the numbers seen before, without allocating. */
    Look compareBasic(long id, Basic seen) throws OsException {
        boolean options = seen != null && seen.fsOptions() != null;
        if (!stat(id, options ? BASIC | MNT_OPTS : BASIC)) {
            return Look.GONE;
        }
        MemorySegment s = buf;
        boolean same = seen != null
                && (!options || seen.fsOptions().equals(string(s, s.get(JAVA_LONG, Structs.STATMOUNT_MASK), MNT_OPTS, Structs.STATMOUNT_MNT_OPTS)))
                && s.get(JAVA_INT, Structs.STATMOUNT_SB_FLAGS) == seen.sbFlags()
                && s.get(JAVA_LONG, Structs.STATMOUNT_MNT_ATTR) == seen.attr()
                && s.get(JAVA_LONG, Structs.STATMOUNT_MNT_PARENT_ID) == seen.parent()
                && s.get(JAVA_INT, Structs.STATMOUNT_SB_DEV_MAJOR) == seen.major()
                && s.get(JAVA_INT, Structs.STATMOUNT_SB_DEV_MINOR) == seen.minor()
                && s.get(JAVA_LONG, Structs.STATMOUNT_MNT_PROPAGATION) == seen.propagation()
                && s.get(JAVA_LONG, Structs.STATMOUNT_MNT_PEER_GROUP) == seen.peerGroup()
                && s.get(JAVA_LONG, Structs.STATMOUNT_MNT_MASTER) == seen.master();
        return same ? Look.UNCHANGED : Look.CHANGED;
    }

    /**
     * One mount in full, rendered as mountinfo would show it; null when it is gone, not
     * reachable from our root (mountinfo leaves those out too) or has no mount point here.
     * {@code basicOut[0]} receives its cheap numbers when non-null.
     */
    MountEntry full(long id, Basic[] basicOut) throws OsException {
        if (!stat(id, FULL)) {
            return null;
        }
        MemorySegment s = buf;
        long mask = s.get(JAVA_LONG, Structs.STATMOUNT_MASK);
        if ((mask & MNT_POINT) == 0 || (mask & (SB_BASIC | MNT_BASIC)) != (SB_BASIC | MNT_BASIC)) {
            return null;
        }
        Basic b = basicOf(s, mask);
        if (basicOut != null) {
            basicOut[0] = b;
        }
        long propagateFrom = (mask & PROPAGATE_FROM) != 0 ? s.get(JAVA_LONG, Structs.STATMOUNT_PROPAGATE_FROM) : 0;
        return new MountEntry(
                s.get(JAVA_LONG, Structs.STATMOUNT_MNT_ID),
                s.get(JAVA_INT, Structs.STATMOUNT_MNT_ID_OLD),
                s.get(JAVA_INT, Structs.STATMOUNT_MNT_PARENT_ID_OLD),
                b.major(), b.minor(),
                string(s, mask, MNT_ROOT, Structs.STATMOUNT_MNT_ROOT),
                string(s, mask, MNT_POINT, Structs.STATMOUNT_MNT_POINT),
                MountinfoFormat.mountOptions(b.attr()),
                MountinfoFormat.optionalFields(b.propagation(), b.peerGroup(), b.master(), propagateFrom),
                MountinfoFormat.fsType(string(s, mask, FS_TYPE, Structs.STATMOUNT_FS_TYPE),
                        string(s, mask, FS_SUBTYPE, Structs.STATMOUNT_FS_SUBTYPE)),
                string(s, mask, SB_SOURCE, Structs.STATMOUNT_SB_SOURCE),
                MountinfoFormat.superOptions(b.sbFlags(), string(s, mask, MNT_OPTS, Structs.STATMOUNT_MNT_OPTS)));
    }

    /**
     * The statmount request bits this kernel does not support out of {@code wanted}, asked of
     * mount {@code id}; all of {@code wanted} when the kernel cannot even say (before 6.15).
     */
    long unsupported(long id, long wanted) throws OsException {
        if (!stat(id, wanted | SUPPORTED_MASK)) {
            throw new OsException("statmount", "mount 0x" + Long.toHexString(id), Errno.ENOENT, "the probed mount went away");
        }
        long mask = buf.get(JAVA_LONG, Structs.STATMOUNT_MASK);
        if ((mask & SUPPORTED_MASK) == 0) {
            return wanted;
        }
        return wanted & ~buf.get(JAVA_LONG, Structs.STATMOUNT_SUPPORTED_MASK);
    }

    /** statmount into {@link #buf}, growing it on EOVERFLOW; false for ENOENT (gone) and EPERM (unreachable). */
    private boolean stat(long id, long mask) throws OsException {
        request(id, mask);
        while (true) {
            try {
                libc.syscall(SYS_statmount, req.address(), buf.address(), buf.byteSize(), 0, 0, "statmount");
                return true;
            } catch (OsException e) {
                if (e.errno() == Errno.ENOENT || e.errno() == Errno.EPERM) {
                    return false;
                }
                if (e.errno() != Errno.EOVERFLOW || buf.byteSize() >= MAX_BUFFER) {
                    throw e;
                }
                buf = arena.allocate(buf.byteSize() * 2, 8);
            }
        }
    }

    private void request(long id, long param) {
        req.set(JAVA_INT, Structs.MNT_ID_REQ_SIZE, (int) Structs.MNT_ID_REQ.byteSize());
        req.set(JAVA_LONG, Structs.MNT_ID_REQ_MNT_ID, id);
        req.set(JAVA_LONG, Structs.MNT_ID_REQ_PARAM, param);
    }

    private static Basic basicOf(MemorySegment s, long mask) {
        boolean ext4 = s.get(JAVA_LONG, Structs.STATMOUNT_SB_MAGIC) == EXT4_SUPER_MAGIC;
        return new Basic(
                s.get(JAVA_INT, Structs.STATMOUNT_SB_FLAGS),
                s.get(JAVA_INT, Structs.STATMOUNT_SB_DEV_MAJOR),
                s.get(JAVA_INT, Structs.STATMOUNT_SB_DEV_MINOR),
                s.get(JAVA_LONG, Structs.STATMOUNT_MNT_PARENT_ID),
                s.get(JAVA_LONG, Structs.STATMOUNT_MNT_ATTR),
                s.get(JAVA_LONG, Structs.STATMOUNT_MNT_PROPAGATION),
                s.get(JAVA_LONG, Structs.STATMOUNT_MNT_PEER_GROUP),
                s.get(JAVA_LONG, Structs.STATMOUNT_MNT_MASTER),
                ext4 ? string(s, mask, MNT_OPTS, Structs.STATMOUNT_MNT_OPTS) : null);
    }

    /** A string field: the kernel leaves its mask bit clear when the string is empty. */
    private static String string(MemorySegment s, long mask, long bit, long offsetField) {
        if ((mask & bit) == 0) {
            return "";
        }
        long at = Structs.STATMOUNT_STR + Integer.toUnsignedLong(s.get(JAVA_INT, offsetField));
        long size = Integer.toUnsignedLong(s.get(JAVA_INT, Structs.STATMOUNT_SIZE));
        if (at >= size || at >= s.byteSize()) {
            return "";
        }
        return s.getString(at, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        arena.close();
    }
}
