package org.watchtray.nativeaccess.mounts;

import static org.watchtray.core.os.Libc.O_RDONLY;

import org.watchtray.core.mounts.MountNotifications;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/** {@link MountNotifications} with {@code fanotify_init(2)} and {@code fanotify_mark(2)} on our mount namespace. */
final class FanotifyMountGroup implements MountNotifications {
    private static final String NAMESPACE = "/proc/self/ns/mnt";

    private final LinuxLibc libc;
    private final int fd;
    private boolean closed;

    private FanotifyMountGroup(LinuxLibc libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    static MountNotifications open(LinuxLibc libc) throws OsException {
        int fd = libc.fanotify_init(Libc.FAN_CLASS_NOTIF | Libc.FAN_REPORT_MNT | Libc.FAN_NONBLOCK, O_RDONLY);
        try {
            libc.fanotify_mark(fd, Libc.FAN_MARK_ADD | Libc.FAN_MARK_MNTNS, Libc.FAN_MNT_ATTACH | Libc.FAN_MNT_DETACH,
                    Libc.AT_FDCWD, NAMESPACE);
        } catch (OsException e) {
            libc.closeQuietly(fd);
            throw e;
        }
        return new FanotifyMountGroup(libc, fd);
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public int readOrAgain(byte[] buf) throws OsException {
        return libc.readOrAgain(fd, buf, 0, buf.length);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.closeQuietly(fd);
        }
    }
}
