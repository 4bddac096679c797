package org.watchtray.nativeaccess.usb;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;

/**
 * A non-blocking reader of {@code /dev/kmsg} (wire-formats §5.1): one {@code read()} returns
 * exactly one record; EAGAIN means none is pending; EPIPE means records were overwritten
 * before we read them (the position has moved on to the oldest one kept, so reading again
 * continues). Opened at the end (SEEK_END) unless a replay of the whole buffer is asked for.
 */
final class KmsgReader implements AutoCloseable {
    /** Large enough for any record: CONSOLE_EXT_LOG_MAX was 8192, a smaller buffer gets EINVAL. */
    static final int BUFFER = 8192;

    interface Sink {
        void record(byte[] bytes, int length);

        /** Records were overwritten before they were read; how many is known from the next sequence number. */
        void overwritten();
    }

    private final Libc libc;
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buf = arena.allocate(BUFFER);
    private final byte[] bytes = new byte[BUFFER];

    private KmsgReader(Libc libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    static KmsgReader open(Libc libc, String path, boolean replay) throws OsException {
        int fd = libc.open(path, Libc.O_RDONLY | Libc.O_NONBLOCK, path);
        try {
            if (!replay) {
                libc.lseek(fd, 0, Libc.SEEK_END);
            }
        } catch (OsException e) {
            libc.closeQuietly(fd);
            throw e;
        }
        return new KmsgReader(libc, fd);
    }

    int fd() {
        return fd;
    }

    /** Reads every pending record; returns how many. */
    int drain(Sink sink) throws OsException {
        int n = 0;
        while (true) {
            long r;
            try {
                r = libc.readOrAgain(fd, buf, BUFFER);
            } catch (OsException e) {
                if (e.errno() == Errno.EPIPE) {
                    sink.overwritten();
                    continue;
                }
                throw e;
            }
            if (r <= 0) {
                return n; // EAGAIN (-1), or 0 which /dev/kmsg never returns for a live buffer
            }
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, bytes, 0, (int) r);
            sink.record(bytes, (int) r);
            n++;
        }
    }

    @Override
    public void close() {
        libc.closeQuietly(fd);
        arena.close();
    }
}
