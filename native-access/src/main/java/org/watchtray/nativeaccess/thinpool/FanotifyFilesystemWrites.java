package org.watchtray.nativeaccess.thinpool;

import static org.watchtray.core.os.Libc.O_RDONLY;

import java.lang.foreign.MemoryLayout.PathElement;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.watchtray.core.os.OsException;
import org.watchtray.core.thinpool.FilesystemWrites;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.nativeaccess.libc.Structs;

/** {@link FilesystemWrites} with {@code fanotify_init(FAN_REPORT_FID)} and {@code fanotify_mark(FAN_MARK_FILESYSTEM)}. */
final class FanotifyFilesystemWrites implements FilesystemWrites {
    /** What changes the blocks a filesystem uses: data written, and directory entries and inodes changed. */
    private static final long MASK = Libc.FAN_MODIFY | Libc.FAN_ATTRIB | Libc.FAN_CREATE | Libc.FAN_DELETE | Libc.FAN_MOVED_FROM
            | Libc.FAN_MOVED_TO | Libc.FAN_ONDIR;
    private static final int EVENT_LEN = (int) Structs.FANOTIFY_EVENT_METADATA.byteOffset(PathElement.groupElement("event_len"));
    private static final int FD = (int) Structs.FANOTIFY_EVENT_METADATA.byteOffset(PathElement.groupElement("fd"));
    private static final int HEADER = (int) Structs.FANOTIFY_EVENT_METADATA.byteSize();

    private final LinuxLibc libc;
    private final int fd;
    private final byte[] buffer = new byte[4096];
    private boolean closed;

    private FanotifyFilesystemWrites(LinuxLibc libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    static FilesystemWrites open(LinuxLibc libc) throws OsException {
        return new FanotifyFilesystemWrites(libc, libc.fanotify_init(Libc.FAN_CLASS_NOTIF | Libc.FAN_REPORT_FID | Libc.FAN_NONBLOCK,
                O_RDONLY));
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public void mark(String path) throws OsException {
        libc.fanotify_mark(fd, Libc.FAN_MARK_ADD | Libc.FAN_MARK_FILESYSTEM, MASK, Libc.AT_FDCWD, path);
    }

    @Override
    public boolean drain() throws OsException {
        boolean any = false;
        int n;
        while ((n = libc.readOrAgain(fd, buffer, 0, buffer.length)) > 0) {
            any = true;
            closeEventFds(n); // with FAN_REPORT_FID every fd is FAN_NOFD; a kernel that opened one anyway must not leak it
        }
        return any;
    }

    private void closeEventFds(int n) {
        ByteBuffer b = ByteBuffer.wrap(buffer, 0, n).order(ByteOrder.nativeOrder());
        for (int at = 0; at + HEADER <= n; ) {
            int len = b.getInt(at + EVENT_LEN);
            int eventFd = b.getInt(at + FD);
            if (eventFd >= 0) {
                libc.closeQuietly(eventFd);
            }
            if (len < HEADER) {
                return;
            }
            at += len;
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
