package org.watchtray.core.os;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One non-blocking, close-on-exec inotify instance and the watches on it. Not thread-safe. */
public final class Inotify implements AutoCloseable {
    /** Room for 16 events with the longest name (NAME_MAX 255 + NUL). */
    private static final int BUFFER = 16 * (InotifyEvent.HEADER + 256);

    private final Libc libc;
    private final int fd;
    private final byte[] buffer = new byte[BUFFER];
    private boolean closed;

    public Inotify(Libc libc) throws OsException {
        this.libc = libc;
        this.fd = libc.inotify_init1(Libc.IN_NONBLOCK);
    }

    public int fd() {
        return fd;
    }

    /** inotify_add_watch: a path watched twice (or a second path to the same inode) gets the same wd, with the new mask. */
    public int addWatch(Path path, int mask) throws OsException {
        return libc.inotify_add_watch(fd, path.toString(), mask);
    }

    /** Removes a watch; one the kernel already dropped (its object was deleted) is no error. */
    public void removeWatch(int wd) {
        try {
            libc.inotify_rm_watch(fd, wd);
        } catch (OsException alreadyGone) {
            // EINVAL: the kernel removed it (IN_IGNORED) before we did.
        }
    }

    /** Everything queued now; never blocks. */
    public List<InotifyEvent> drain() throws OsException {
        List<InotifyEvent> events = new ArrayList<>();
        int n;
        while ((n = libc.readOrAgain(fd, buffer, 0, buffer.length)) > 0) {
            events.addAll(InotifyEvent.decode(buffer, n));
        }
        return events;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.closeQuietly(fd);
        }
    }
}
