package org.watchtray.nativeaccess.thinpool;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.core.thinpool.BlockWrites;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.nativeaccess.libc.Structs;
import org.watchtray.nativeaccess.libc.SyscallNumber;

/**
 * {@link BlockWrites} with one {@code perf_event_open} per online CPU on the
 * {@code block:block_bio_queue} tracepoint, filtered in the kernel
 * ({@code PERF_EVENT_IOC_SET_FILTER}) to the devices and to writes, each with a one-page ring
 * buffer (perf's poll reports EPOLLHUP for an event without one). A sample has no payload
 * ({@code sample_type} 0): that one arrived is all we need. {@code wakeup_events} 1 makes the
 * first sample wake the fd; draining moves the ring's {@code data_tail} up to its
 * {@code data_head} (see {@link #drain} for why readiness is not what it reads).
 */
final class PerfBlockWrites implements BlockWrites {
    static final int PERF_TYPE_TRACEPOINT = 2;
    static final long PERF_FLAG_FD_CLOEXEC = 1L << 3;
    /** attr.flags bit 0: created disabled. */
    static final long ATTR_DISABLED = 1L;
    static final long PERF_EVENT_IOC_ENABLE = 0x2400;   // _IO('$', 0)
    static final long PERF_EVENT_IOC_DISABLE = 0x2401;  // _IO('$', 1)
    static final long PERF_EVENT_IOC_SET_FILTER = 0x40082406L; // _IOW('$', 6, char *)
    static final long PAGE = 4096;
    /** The control page and one data page. */
    static final long RING = 2 * PAGE;
    private static final VarHandle LONG = JAVA_LONG.varHandle();

    /** attr.read_format: a read(2) of the event gives its count, then how long it has been enabled (ns). */
    static final long PERF_FORMAT_TOTAL_TIME_ENABLED = 1L;

    private final LinuxLibc libc;
    private final List<Integer> cpus;
    private final Path online;
    private final List<Integer> fds;
    private final List<MemorySegment> rings;
    private final String filter;
    /** Each event's enabled time at the last look ({@link #enable}, {@link #stale}): a live enabled event's moves with the clock. */
    private final long[] enabledTime;
    /** {@link System#nanoTime} at the last look. */
    private long lookedAt;
    private final MemorySegment readBuffer = Arena.ofAuto().allocate(16, 8);
    private boolean enabled;
    private boolean closed;

    private PerfBlockWrites(LinuxLibc libc, List<Integer> cpus, Path online, List<Integer> fds, List<MemorySegment> rings, String filter) {
        this.libc = libc;
        this.cpus = List.copyOf(cpus);
        this.online = online;
        this.fds = List.copyOf(fds);
        this.rings = List.copyOf(rings);
        this.filter = filter;
        this.enabledTime = new long[fds.size()];
    }

    static BlockWrites open(LinuxLibc libc, Set<String> devices, List<Path> tracefs, Path online) throws OsException {
        if (devices.isEmpty()) {
            throw new OsException("perf_event_open", "no device", Errno.EINVAL, "no device to watch");
        }
        BlockTracepoint point = BlockTracepoint.find(tracefs);
        List<Integer> cpus = OnlineCpus.read(online);
        List<Integer> fds = new ArrayList<>();
        List<MemorySegment> rings = new ArrayList<>();
        String filter = null;
        try {
            for (int cpu : cpus) {
                int fd = open(libc, point.id(), cpu);
                fds.add(fd);
                filter = setFilter(libc, fd, devices, point.hasRwbs() && (filter == null || filter.contains("rwbs")));
                rings.add(libc.mmap(RING, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, 0, "perf ring buffer of CPU " + cpu));
            }
        } catch (OsException | RuntimeException e) {
            new PerfBlockWrites(libc, cpus, online, fds, rings, filter).close();
            throw e;
        }
        return new PerfBlockWrites(libc, cpus, online, fds, rings, filter);
    }

    private static int open(LinuxLibc libc, long id, int cpu) throws OsException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Structs.PERF_EVENT_ATTR);
            attr.set(JAVA_INT, Structs.PERF_EVENT_ATTR_TYPE, PERF_TYPE_TRACEPOINT);
            attr.set(JAVA_INT, Structs.PERF_EVENT_ATTR_SIZE, (int) Structs.PERF_EVENT_ATTR.byteSize());
            attr.set(JAVA_LONG, Structs.PERF_EVENT_ATTR_CONFIG, id);
            attr.set(JAVA_LONG, Structs.PERF_EVENT_ATTR_SAMPLE_PERIOD, 1);
            attr.set(JAVA_LONG, Structs.PERF_EVENT_ATTR_READ_FORMAT, PERF_FORMAT_TOTAL_TIME_ENABLED);
            attr.set(JAVA_LONG, Structs.PERF_EVENT_ATTR_FLAGS, ATTR_DISABLED);
            attr.set(JAVA_INT, Structs.PERF_EVENT_ATTR_WAKEUP_EVENTS, 1);
            return (int) libc.syscall(SyscallNumber.PERF_EVENT_OPEN.number(), attr.address(), -1, cpu, -1, PERF_FLAG_FD_CLOEXEC,
                    "perf_event_open block:block_bio_queue on CPU " + cpu);
        }
    }

    /** Sets the filter; one that also matches {@code rwbs} first, and the devices alone if the kernel refuses the glob. Returns the one set. */
    private static String setFilter(LinuxLibc libc, int fd, Set<String> devices, boolean writesOnly) throws OsException {
        if (writesOnly) {
            String f = BlockTracepoint.filter(devices, true);
            try {
                ioctlString(libc, fd, f);
                return f;
            } catch (OsException e) {
                if (e.errno() != Errno.EINVAL) {
                    throw e;
                }
                // a kernel whose filter cannot glob rwbs: reads wake it too, which only costs a look
            }
        }
        String f = BlockTracepoint.filter(devices, false);
        ioctlString(libc, fd, f);
        return f;
    }

    private static void ioctlString(LinuxLibc libc, int fd, String filter) throws OsException {
        try (Arena arena = Arena.ofConfined()) {
            libc.ioctl(fd, PERF_EVENT_IOC_SET_FILTER, arena.allocateFrom(filter), "PERF_EVENT_IOC_SET_FILTER " + filter);
        }
    }

    /** The filter in force (for the status and the tests). */
    String filter() {
        return filter;
    }

    @Override
    public List<Integer> fds() {
        return fds;
    }

    @Override
    public void enable() throws OsException {
        for (int fd : fds) {
            libc.ioctl(fd, PERF_EVENT_IOC_ENABLE, MemorySegment.NULL, "PERF_EVENT_IOC_ENABLE");
        }
        if (!enabled) {
            enabled = true;
            lookedAt = System.nanoTime();
            for (int i = 0; i < fds.size(); i++) {
                enabledTime[i] = enabledTime(i);
            }
        }
    }

    @Override
    public void disable() throws OsException {
        enabled = false;
        for (int fd : fds) {
            libc.ioctl(fd, PERF_EVENT_IOC_DISABLE, MemorySegment.NULL, "PERF_EVENT_IOC_DISABLE");
        }
    }

    /**
     * An event whose CPU went offline leaves its context for good: enabled again, it stays off, and
     * its enabled time stands still (Linux 6.18, checked here by {@code PerfBlockWritesTest}).
     * So: another set of CPUs online than the events were opened on, or an event enabled since
     * the last look whose enabled time moved less than an eighth as far as the clock (it was off
     * for most of the time: found at the first look after a resume, or at the second when the
     * resume came late in the first's interval). Not half: on a loaded VM host a live event's
     * enabled time lagged the clock by more than half over 20 ms (a CI run, 5 Dec 2026).
     */
    @Override
    public boolean stale() {
        if (closed) {
            return false;
        }
        boolean stale;
        try {
            stale = !OnlineCpus.read(online).equals(cpus);
        } catch (OsException e) {
            stale = false; // cannot tell: the events as they are
        }
        if (enabled) {
            long now = System.nanoTime();
            long elapsed = now - lookedAt;
            lookedAt = now;
            for (int i = 0; i < fds.size(); i++) {
                long t = enabledTime(i);
                stale |= t >= 0 && enabledTime[i] >= 0 && (t - enabledTime[i]) * 8 < elapsed;
                enabledTime[i] = t;
            }
        }
        return stale;
    }

    /** How long event {@code i} has been enabled, in ns; -1 when its read fails (then it cannot say). */
    private long enabledTime(int i) {
        try {
            long n = libc.read(fds.get(i), readBuffer, 16);
            return n == 16 ? readBuffer.get(JAVA_LONG, 8) : -1;
        } catch (OsException e) {
            return -1;
        }
    }

    /**
     * Empties the rings. perf's poll does not look at them: it reports "a wakeup since the last
     * poll" and swaps that flag to 0, and epoll polls twice (when an fd is added or woken, and
     * again when it hands the event out), so a wakeup from before an fd was added is eaten. That
     * is why the caller adds the fds to epoll first and drains after: a write before the drain is
     * in a ring, one after it wakes the fd.
     */
    @Override
    public boolean drain() {
        boolean any = false;
        for (MemorySegment ring : rings) {
            long head = (long) LONG.getAcquire(ring, Structs.PERF_MMAP_DATA_HEAD); // the kernel's smp_store_release
            long tail = (long) LONG.get(ring, Structs.PERF_MMAP_DATA_TAIL);
            if (head != tail) {
                any = true;
                LONG.setRelease(ring, Structs.PERF_MMAP_DATA_TAIL, head); // consumed: room for the next sample
            }
        }
        return any;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            rings.forEach(libc::munmapQuietly);
            fds.forEach(libc::closeQuietly);
        }
    }
}
