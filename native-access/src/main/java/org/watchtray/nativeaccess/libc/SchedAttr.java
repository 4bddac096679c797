package org.watchtray.nativeaccess.libc;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import org.watchtray.core.os.OsException;
import org.watchtray.core.os.ThreadScheduling;

/**
 * The calling thread's time slice through sched_getattr(2)/sched_setattr(2) (glibc before 2.41
 * has no wrappers). The thread's attributes are read first and written back with only the slice
 * changed, so its policy and nice value stay what they were; a thread under a real-time or
 * deadline policy is left alone.
 */
public final class SchedAttr implements ThreadScheduling {
    static final int SCHED_OTHER = 0;
    static final int SCHED_BATCH = 3;

    private final LinuxLibc libc;

    public SchedAttr(LinuxLibc libc) {
        this.libc = libc;
    }

    @Override
    public Duration requestSlice(Duration slice) throws OsException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Structs.SCHED_ATTR);
            read(attr);
            int policy = attr.get(JAVA_INT, Structs.SCHED_ATTR_POLICY);
            if (policy != SCHED_OTHER && policy != SCHED_BATCH) {
                return Duration.ofNanos(attr.get(JAVA_LONG, Structs.SCHED_ATTR_RUNTIME));
            }
            attr.set(JAVA_INT, Structs.SCHED_ATTR_SIZE, (int) Structs.SCHED_ATTR.byteSize());
            attr.set(JAVA_LONG, Structs.SCHED_ATTR_RUNTIME, slice.toNanos());
            // pid 0: the calling thread; flags 0.
            libc.syscall(SyscallNumber.SCHED_SETATTR.number(), 0, attr.address(), 0, 0, 0, "sched_setattr slice " + slice.toNanos() + " ns");
            read(attr);
            return Duration.ofNanos(attr.get(JAVA_LONG, Structs.SCHED_ATTR_RUNTIME));
        }
    }

    /** The calling thread's attributes (sched_getattr: pid 0, the struct's size, flags 0). */
    private void read(MemorySegment attr) throws OsException {
        libc.syscall(SyscallNumber.SCHED_GETATTR.number(), 0, attr.address(), Structs.SCHED_ATTR.byteSize(), 0, 0, "sched_getattr");
    }
}
