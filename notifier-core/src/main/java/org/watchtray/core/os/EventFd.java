package org.watchtray.core.os;

/**
 * A non-blocking eventfd used to wake a thread that sleeps in epoll: {@link #signal()} from any
 * thread, {@link #drain()} on the woken one. The fd is {@link #fd()} for the epoll set.
 */
public final class EventFd implements AutoCloseable {
    private static final byte[] ONE = {1, 0, 0, 0, 0, 0, 0, 0}; // the u64 1, little-endian
    private final Libc libc;
    private final int fd;
    private final byte[] counter = new byte[Long.BYTES];
    private volatile boolean closed;

    public EventFd(Libc libc) throws OsException {
        this.libc = libc;
        this.fd = libc.eventfd(0, Libc.EFD_NONBLOCK);
    }

    public int fd() {
        return fd;
    }

    /**
     * Adds one to the counter, waking the reader. A counter at its maximum (EAGAIN) means a
     * wakeup is pending anyway. The caller must not signal after {@link #close()}: the number
     * could belong to another fd by then.
     */
    public void signal() throws OsException {
        try {
            libc.write(fd, ONE, 0, ONE.length);
        } catch (OsException e) {
            if (e.errno() != Errno.EAGAIN) {
                throw e;
            }
        }
    }

    /** Resets the counter (the reader's side); returns false when nothing was pending. */
    public boolean drain() throws OsException {
        synchronized (counter) {
            return libc.readOrAgain(fd, counter, 0, counter.length) > 0;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.closeQuietly(fd);
        }
    }
}
