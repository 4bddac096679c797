package org.watchtray.nativeaccess.mounts;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.mounts.FanotifyMountRecords;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;

/**
 * fanotify mount events on our mount namespace (Linux 6.15+, CAP_SYS_ADMIN in the namespace's
 * owner): every attach, detach and move, each naming the mount by its 64-bit ID. Remounts are
 * not reported this way; the caller still watches mountinfo for those.
 */
final class FanotifyMountWatch implements AutoCloseable {
    private static final String NAMESPACE = "/proc/self/ns/mnt";

    private final Libc libc;
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buf = arena.allocate(16 * 1024, 8);
    private final byte[] bytes = new byte[(int) buf.byteSize()];

    private FanotifyMountWatch(Libc libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    /** Opens the group and marks our mount namespace; throws with the kernel's reason when it cannot. */
    static FanotifyMountWatch open(Libc libc) throws OsException {
        int fd = libc.fanotify_init(Libc.FAN_CLASS_NOTIF | Libc.FAN_REPORT_MNT | Libc.FAN_NONBLOCK, Libc.O_RDONLY);
        try {
            libc.fanotify_mark(fd, Libc.FAN_MARK_ADD | Libc.FAN_MARK_MNTNS, Libc.FAN_MNT_ATTACH | Libc.FAN_MNT_DETACH,
                    Libc.AT_FDCWD, NAMESPACE);
        } catch (OsException e) {
            libc.closeQuietly(fd);
            throw e;
        }
        return new FanotifyMountWatch(libc, fd);
    }

    /** Everything queued now (possibly nothing). */
    List<FanotifyMountRecords.Result> drain() throws OsException {
        List<FanotifyMountRecords.Result> out = new ArrayList<>(1);
        while (true) {
            long n = libc.readOrAgain(fd, buf, buf.byteSize());
            if (n <= 0) {
                return out;
            }
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, bytes, 0, (int) n);
            out.add(FanotifyMountRecords.decode(bytes, (int) n));
        }
    }

    @Override
    public void close() {
        libc.closeQuietly(fd);
        arena.close();
    }
}
