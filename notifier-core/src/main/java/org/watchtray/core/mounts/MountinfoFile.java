package org.watchtray.core.mounts;

import java.util.Arrays;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;

/**
 * Reads {@code /proc/self/mountinfo} whole into a buffer of its own, reused and grown as needed.
 *
 * <p>The kernel hands the file out about a page per {@code read(2)} and holds the namespace
 * lock only within one call, so a table read in pieces can be torn by a change in between.
 * {@link #changedSince} tells: POLLPRI on the same fd, without waiting, says the table changed
 * since it was last polled (util-linux checks the same way). That poll also takes the change's
 * notification off the fd.
 */
final class MountinfoFile {
    private static final int CHUNK = 64 * 1024;

    private final Libc libc;
    private final int fd;
    private byte[] bytes;

    /** @param fd an open {@code /proc/self/mountinfo}, owned by the caller */
    MountinfoFile(Libc libc, int fd, int initialSize) {
        this.libc = libc;
        this.fd = fd;
        this.bytes = new byte[initialSize];
    }

    /** What the last {@link #readToEnd} read, from index 0. */
    byte[] bytes() {
        return bytes;
    }

    /** Reads the file from its start to its end; returns how many bytes. */
    int readToEnd() throws OsException {
        int total = readStart();
        while (true) {
            int more = readMore(total);
            if (more == total) {
                return total;
            }
            total = more;
        }
    }

    /** Reads from the file's start with one {@code read(2)} (whole lines, about a page); returns how many bytes. */
    int readStart() throws OsException {
        libc.lseek(fd, 0, Libc.SEEK_SET);
        return readMore(0);
    }

    /**
     * One more {@code read(2)} after the {@code total} bytes read so far (the buffer grows as
     * needed); returns the new total, {@code total} itself at the end of the file.
     */
    int readMore(int total) throws OsException {
        if (bytes.length - total < CHUNK) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, total + CHUNK));
        }
        return total + libc.read(fd, bytes, total, CHUNK);
    }

    /** POLLPRI on the fd: the table changed since it was last polled (by anyone: the event loop polls it too). */
    boolean changedSince() throws OsException {
        return (libc.poll(fd, Libc.POLLPRI, 0) & Libc.POLLPRI) != 0;
    }
}
