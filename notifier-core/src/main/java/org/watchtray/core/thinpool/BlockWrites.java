package org.watchtray.core.thinpool;

import java.util.List;
import java.util.Set;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;

/**
 * Writes queued to a few block devices, as the block layer sees them: the
 * {@code block:block_bio_queue} tracepoint through a perf event per online CPU, filtered in the
 * kernel to these devices and to writes. Every write that can make a thin pool allocate ends as
 * a bio on its data device (metadata commits on its metadata device), whoever issued it: a
 * write(2), writeback of a shared mmap, a loop device, swap, any in-kernel writer. Disabled, it
 * records nothing and costs nothing; enabled, its fds become readable at the first write queued
 * after they were put in epoll. Implemented in native-access ({@code NativeAccess.blockWrites()});
 * needs root (or CAP_PERFMON), tracefs and a kernel with perf events and tracepoints.
 */
public interface BlockWrites extends AutoCloseable {
    /** The call {@link Opener#NONE}'s failures name. */
    String NOT_WIRED = "block writes";

    /** Opens the events for the devices numbered {@code devices} ("major:minor"), disabled. */
    @FunctionalInterface
    interface Opener {
        BlockWrites open(Set<String> devices) throws OsException;

        /** For where perf cannot be had: every open fails with ENOSYS, so the filesystem signals are all there is. */
        Opener NONE = devices -> {
            throw new OsException(NOT_WIRED, "no block-layer binding given", Errno.ENOSYS, "not available");
        };
    }

    /** The fds to put in epoll while the pool is quiet: one per CPU. */
    List<Integer> fds();

    /** Starts recording (idempotent). */
    void enable() throws OsException;

    /** Stops recording (idempotent): a write from now on is neither recorded nor wakes anyone. */
    void disable() throws OsException;

    /**
     * True when a write was recorded since the last drain; forgets it. The fds' readiness only
     * says "a write woke it since the fd was last polled" and a wake-up before the fds are in
     * epoll can be lost: put them in epoll first, then drain (a write before is found here, one
     * after wakes the fd).
     */
    boolean drain();

    /**
     * True when the events no longer cover every CPU online: one was taken offline since they
     * were opened (every suspend takes all but the boot CPU offline and brings them back at
     * resume) or came online after. perf does not bring a per-CPU event back when its CPU
     * returns, and says nothing: the caller opens the events again. Tells only while enabled
     * (a stopped event's clock stands still either way); each call compares with the last.
     */
    boolean stale();

    /** Idempotent. */
    @Override
    void close();

    /** What a failure to open the events means for the user (why the filesystem signals are used instead). */
    static String why(OsException e) {
        if (NOT_WIRED.equals(e.call())) {
            return "not wired in";
        }
        return switch (e.errno()) {
            case EACCES, EPERM -> "perf events need root or CAP_PERFMON (" + e.getMessage() + ")";
            case ENOENT -> "tracefs not mounted, or a kernel without CONFIG_EVENT_TRACING (" + e.getMessage() + ")";
            // also what a CPU architecture without a known syscall number gets (native-access's SyscallNumber)
            case ENOSYS -> "no perf events here: a kernel without them, or a CPU architecture watchtray has no syscall number for ("
                    + e.getMessage() + ")";
            case ENODEV, EINVAL, EOPNOTSUPP -> "the kernel cannot attach a perf event to the block tracepoint (" + e.getMessage() + ")";
            default -> e.getMessage();
        };
    }
}
