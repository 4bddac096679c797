package org.watchtray.nativeaccess.usb;

import static org.watchtray.core.os.Libc.O_NONBLOCK;
import static org.watchtray.core.os.Libc.O_RDONLY;
import static org.watchtray.core.os.Libc.SEEK_END;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.core.usb.KernelLog;
import org.watchtray.nativeaccess.libc.Libc;

/**
 * {@link KernelLog} over {@code /dev/kmsg} (wire-formats §5.1): one {@code read()} returns
 * exactly one record; EAGAIN means none is pending; EPIPE means records were overwritten
 * before we read them (the position has moved on to the oldest one kept, so reading again
 * continues). Opened at the end (SEEK_END) unless a replay of the whole buffer is asked for.
 * Reached through {@code NativeAccess.kernelLog}.
 */
public final class KmsgReader implements KernelLog {
    private final Libc libc;
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buf = arena.allocate(MAX_RECORD);
    private boolean closed;

    private KmsgReader(Libc libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    public static KmsgReader open(Libc libc, String path, boolean replay) throws OsException {
        int fd = libc.open(path, O_RDONLY | O_NONBLOCK, path);
        try {
            if (!replay) {
                libc.lseek(fd, 0, SEEK_END);
            }
        } catch (OsException e) {
            libc.closeQuietly(fd);
            throw e;
        }
        return new KmsgReader(libc, fd);
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public int read(byte[] bytes) throws OsException {
        long r;
        try {
            r = libc.readOrAgain(fd, buf, Math.min(MAX_RECORD, bytes.length));
        } catch (OsException e) {
            if (e.errno() == Errno.EPIPE) {
                return OVERWRITTEN;
            }
            throw e;
        }
        if (r <= 0) {
            return AGAIN; // EAGAIN (-1), or 0 which /dev/kmsg never returns for a live buffer
        }
        MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, bytes, 0, (int) r);
        return (int) r;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.closeQuietly(fd);
            arena.close();
        }
    }
}
