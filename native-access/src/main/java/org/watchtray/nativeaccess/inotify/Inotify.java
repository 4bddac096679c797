package org.watchtray.nativeaccess.inotify;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.Structs;

/** One non-blocking, close-on-exec inotify instance and the watches on it. Not thread-safe. */
public final class Inotify implements AutoCloseable {
    /** Room for 16 events with the longest name (NAME_MAX 255 + NUL). */
    private static final long BUFFER = 16 * (Structs.INOTIFY_EVENT.byteSize() + 256);

    private final Libc libc;
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(BUFFER, 8);
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
        long n;
        while ((n = libc.readOrAgain(fd, buffer, buffer.byteSize())) > 0) {
            events.addAll(InotifyEvent.decode(buffer, n));
        }
        return events;
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
