package org.watchtray.nativeaccess.mounts;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.watchtray.core.mounts.MountTables;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.nativeaccess.libc.Native;
import org.watchtray.nativeaccess.libc.Structs;
import org.watchtray.nativeaccess.libc.SyscallNumber;

/**
 * {@link MountTables} through {@code syscall(2)}: listmount and statmount
 * (Linux 6.8+; numbers: {@link SyscallNumber}). The request and the kernel's buffer live in the calling thread's scratch
 * segment, so nothing is allocated per call and any thread may call.
 */
final class SyscallMountTables implements MountTables {
    /** listmount's "the whole namespace" parent. */
    static final long LSMT_ROOT = -1L;

    /** The scratch segment holds {@code struct mnt_id_req} at 0 and the kernel's buffer from here. */
    private static final long BUFFER_AT = 64;
    private static final long FIRST_BUFFER = 16 * 1024;
    private static final long MAX_BUFFER = 1 << 20;
    /** The most IDs one listmount asks for: the kernel allocates a buffer of this many, and so do we. */
    static final int ID_CHUNK = 4096;
    /** The fewest: a table that has grown since the last call costs one more call, not a bigger first one. */
    static final int MIN_CHUNK = 64;

    private final LinuxLibc libc;
    /**
     * How many IDs the last listing found, to size the next request: the kernel allocates (and
     * we copy) as many IDs as we ask for, so asking for the maximum each time cost a 32 KB
     * buffer on both sides for a table of 30 mounts. A hint only: any thread may call, a
     * stale value costs at most one more call.
     */
    private int lastCount;

    SyscallMountTables(LinuxLibc libc) {
        this.libc = libc;
    }

    @Override
    public long[] listAll() throws OsException {
        return listAll(chunkFor(lastCount));
    }

    /** {@link #listAll()} asking for {@code firstChunk} IDs first, then twice as many each call (up to {@link #ID_CHUNK}). */
    long[] listAll(int firstChunk) throws OsException {
        int chunk = firstChunk;
        long[] out = null;
        int total = 0;
        long after = 0;
        while (true) {
            MemorySegment s = Native.scratch(BUFFER_AT + (long) chunk * Long.BYTES);
            request(s, LSMT_ROOT, after);
            int n = (int) libc.syscall(SyscallNumber.LISTMOUNT.number(), s.address(), s.address() + BUFFER_AT, chunk, 0, 0, "listmount");
            if (out == null && n < chunk) {
                out = new long[n]; // the usual case: one call, one array of exactly the table's size
            } else if (out == null) {
                out = new long[Math.max(2 * chunk, 2 * n)];
            } else if (total + n > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, total + n));
            }
            MemorySegment.copy(s, JAVA_LONG, BUFFER_AT, out, total, n);
            total += n;
            if (n < chunk) {
                lastCount = total;
                return total == out.length ? out : Arrays.copyOf(out, total);
            }
            after = out[total - 1];
            chunk = Math.min(ID_CHUNK, chunk * 2);
        }
    }

    /** Room for the table as last seen plus an eighth (and never less than {@link #MIN_CHUNK}), so one call usually does. */
    static int chunkFor(int lastCount) {
        return (int) Math.min(ID_CHUNK, Math.max(MIN_CHUNK, lastCount + lastCount / 8L + 1));
    }

    @Override
    public int statmount(long id, long mask, byte[] buf) throws OsException {
        long capacity = Math.max(FIRST_BUFFER, Native.scratch(BUFFER_AT + FIRST_BUFFER).byteSize() - BUFFER_AT);
        while (true) {
            MemorySegment s = Native.scratch(BUFFER_AT + capacity);
            request(s, id, mask);
            // A mount that has gone is an answer, not an error: no exception is built for it (unmounts come often).
            if (libc.syscallOrNegative(SyscallNumber.STATMOUNT.number(), s.address(), s.address() + BUFFER_AT, capacity, 0, 0) < 0) {
                switch (Native.lastErrno()) {
                    case ENOENT, EPERM -> {
                        return -1; // gone, or not reachable from our root
                    }
                    case EOVERFLOW -> {
                        if (capacity >= MAX_BUFFER) {
                            throw Native.failure("syscall " + SyscallNumber.STATMOUNT.number(), "statmount");
                        }
                        capacity *= 2; // the strings did not fit
                        continue;
                    }
                    default -> throw Native.failure("syscall " + SyscallNumber.STATMOUNT.number(), "statmount");
                }
            }
            // struct statmount starts with its __u32 size: the bytes filled, strings included.
            int size = s.get(JAVA_INT, BUFFER_AT);
            MemorySegment.copy(s, JAVA_BYTE, BUFFER_AT, buf, 0, Math.min(size, buf.length));
            return size;
        }
    }

    private static void request(MemorySegment s, long id, long param) {
        s.set(JAVA_INT, Structs.MNT_ID_REQ_SIZE, (int) Structs.MNT_ID_REQ.byteSize());
        s.set(JAVA_INT, Structs.MNT_ID_REQ_SPARE, 0);
        s.set(JAVA_LONG, Structs.MNT_ID_REQ_MNT_ID, id);
        s.set(JAVA_LONG, Structs.MNT_ID_REQ_PARAM, param);
        s.set(JAVA_LONG, Structs.MNT_ID_REQ_MNT_NS_ID, 0);
    }
}
