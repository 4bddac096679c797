package org.watchtray.nativeaccess.keys;

import static org.watchtray.core.os.Libc.O_NONBLOCK;

import org.watchtray.core.keys.NotificationQueue;
import org.watchtray.core.record.TypeFilter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.nativeaccess.libc.Structs;

/**
 * A kernel notification queue: a pipe opened with O_NOTIFICATION_PIPE (wire-formats §1).
 * Opening it is the feature probe: ENOPKG means the kernel lacks CONFIG_WATCH_QUEUE.
 */
public final class WatchQueue implements NotificationQueue {
    /** _IO('W', 0x60): the argument is a number of notes (records), 1..512. */
    public static final long IOC_WATCH_QUEUE_SET_SIZE = 0x5760;
    /** _IO('W', 0x61): the argument points to a struct watch_notification_filter. */
    public static final long IOC_WATCH_QUEUE_SET_FILTER = 0x5761;


    private final LinuxLibc libc;
    private final int readFd;
    private final int writeFd;
    private boolean closed;

    private WatchQueue(LinuxLibc libc, int readFd, int writeFd) {
        this.libc = libc;
        this.readFd = readFd;
        this.writeFd = writeFd;
    }

    /** pipe2(O_NOTIFICATION_PIPE | O_NONBLOCK | O_CLOEXEC). */
    public static WatchQueue open(LinuxLibc libc) throws OsException {
        int[] fds = libc.pipe2(Libc.O_NOTIFICATION_PIPE | O_NONBLOCK);
        return new WatchQueue(libc, fds[0], fds[1]);
    }

    /** The read end: poll it for records, read them, hand it to KEYCTL_WATCH_KEY. */
    @Override
    public int fd() {
        return readFd;
    }

    /** IOC_WATCH_QUEUE_SET_SIZE: at most {@code notes} records can wait unread; more are lost (and a loss record says so). */
    @Override
    public void setSize(int notes) throws OsException {
        if (notes < 1 || notes > MAX_NOTES) {
            throw new IllegalArgumentException("queue size " + notes + " outside 1.." + MAX_NOTES);
        }
        libc.ioctl(readFd, IOC_WATCH_QUEUE_SET_SIZE, MemorySegment.ofAddress(notes), "notification queue size " + notes);
    }

    /** IOC_WATCH_QUEUE_SET_FILTER; an empty list removes the filter (everything passes). */
    @Override
    public void setFilter(List<TypeFilter> filters) throws OsException {
        if (filters.size() > MAX_FILTERS) {
            throw new IllegalArgumentException(filters.size() + " filter entries, the kernel takes at most " + MAX_FILTERS);
        }
        if (filters.isEmpty()) {
            libc.ioctl(readFd, IOC_WATCH_QUEUE_SET_FILTER, MemorySegment.NULL, "removing the notification filter");
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment f = encodeFilter(arena, filters);
            libc.ioctl(readFd, IOC_WATCH_QUEUE_SET_FILTER, f, "notification filter " + filters);
        }
    }

    /** The struct watch_notification_filter for {@code filters}, laid out by {@link Structs}. */
    static MemorySegment encodeFilter(Arena arena, List<TypeFilter> filters) {
        long header = Structs.WATCH_NOTIFICATION_FILTER.byteSize();
        long entry = Structs.WATCH_NOTIFICATION_TYPE_FILTER.byteSize();
        MemorySegment f = arena.allocate(header + entry * filters.size(), 4);
        f.set(ValueLayout.JAVA_INT, Structs.FILTER_NR_FILTERS, filters.size());
        f.set(ValueLayout.JAVA_INT, Structs.FILTER_RESERVED, 0);
        for (int i = 0; i < filters.size(); i++) {
            long base = header + entry * i;
            f.set(ValueLayout.JAVA_INT, base + Structs.TYPE_FILTER_TYPE, filters.get(i).type());
            f.set(ValueLayout.JAVA_INT, base + Structs.TYPE_FILTER_INFO_FILTER, 0);
            f.set(ValueLayout.JAVA_INT, base + Structs.TYPE_FILTER_INFO_MASK, 0);
            // Only subtype_filter[0] is consulted by the kernel (subtypes 0..31).
            f.set(ValueLayout.JAVA_INT, base + Structs.TYPE_FILTER_SUBTYPES, filters.get(i).subtypeMask());
        }
        return f;
    }

    @Override
    public int readOrAgain(byte[] buf) throws OsException {
        return libc.readOrAgain(readFd, buf, 0, buf.length);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.closeQuietly(readFd);
            libc.closeQuietly(writeFd);
        }
    }
}
