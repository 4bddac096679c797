package org.watchtray.core.mounts;

import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;

/**
 * The statmount calls the reader makes, over {@link MountTables}, with one buffer reused across
 * calls (a cheap look at thousands of mounts allocates nothing). Not thread-safe: one instance
 * per reader, on the backend thread.
 */
final class Statmount {
    /** The largest reply accepted: a mount whose strings need more is an error. */
    private static final int MAX_BUFFER = 1 << 20;

    private final MountTables tables;
    private byte[] buf = new byte[16 * 1024];

    Statmount(MountTables tables) {
        this.tables = tables;
    }

    /** Every mount of our namespace by 64-bit ID, ascending. */
    long[] listAll() throws OsException {
        return tables.listAll();
    }

    /** Result of {@link #compareBasic}. */
    enum Look { UNCHANGED, CHANGED, GONE }

    /** A cheap look at one mount against the numbers seen before, without allocating. */
    Look compareBasic(long id, StatmountBuffer.Basic seen) throws OsException {
        boolean options = seen != null && seen.fsOptions() != null;
        int n = stat(id, options ? MountTables.BASIC | MountTables.MNT_OPTS : MountTables.BASIC);
        if (n < 0) {
            return Look.GONE;
        }
        return seen != null && StatmountBuffer.sameBasic(buf, n, seen) ? Look.UNCHANGED : Look.CHANGED;
    }

    /**
     * One mount in full, rendered as mountinfo would show it; null when it is gone, not
     * reachable from our root (mountinfo leaves those out too) or has no mount point here.
     * {@code basicOut[0]} receives its cheap numbers when non-null.
     */
    MountEntry full(long id, StatmountBuffer.Basic[] basicOut) throws OsException {
        int n = stat(id, MountTables.FULL);
        if (n < 0) {
            return null;
        }
        StatmountBuffer.Basic b = StatmountBuffer.basic(buf, n);
        MountEntry e = StatmountBuffer.entry(buf, n, b);
        if (e != null && basicOut != null) {
            basicOut[0] = b;
        }
        return e;
    }

    /**
     * The statmount request bits this kernel does not support out of {@code wanted}, asked of
     * mount {@code id}; all of {@code wanted} when the kernel cannot even say (before 6.15).
     */
    long unsupported(long id, long wanted) throws OsException {
        if (stat(id, wanted | MountTables.SUPPORTED_MASK) < 0) {
            throw new OsException("statmount", "mount 0x" + Long.toHexString(id), Errno.ENOENT, "the probed mount went away");
        }
        if ((StatmountBuffer.mask(buf) & MountTables.SUPPORTED_MASK) == 0) {
            return wanted;
        }
        return wanted & ~StatmountBuffer.supportedMask(buf);
    }

    /** statmount into {@link #buf}, growing it to the size the kernel needs; -1 when the mount is gone or unreachable. */
    private int stat(long id, long mask) throws OsException {
        while (true) {
            int n = tables.statmount(id, mask, buf);
            if (n < 0) {
                return -1;
            }
            if (n <= buf.length) {
                String problem = StatmountBuffer.problem(buf, n);
                if (problem != null) {
                    throw new OsException("statmount", "mount 0x" + Long.toHexString(id), Errno.EPROTO, problem);
                }
                return n;
            }
            if (n > MAX_BUFFER) {
                throw new OsException("statmount", "mount 0x" + Long.toHexString(id), Errno.EOVERFLOW,
                        "a reply of " + n + " bytes, more than the " + MAX_BUFFER + " accepted");
            }
            buf = new byte[n];
        }
    }
}
