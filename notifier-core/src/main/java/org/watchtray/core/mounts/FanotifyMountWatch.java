package org.watchtray.core.mounts;

import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.os.OsException;

/**
 * fanotify mount events on our mount namespace (Linux 6.15+, CAP_SYS_ADMIN in the namespace's
 * owner): every attach, detach and move, each naming the mount by its 64-bit ID. Remounts are
 * not reported this way; the caller still watches mountinfo for those.
 */
final class FanotifyMountWatch implements AutoCloseable {
    private final MountNotifications group;
    private final byte[] bytes = new byte[16 * 1024];

    private FanotifyMountWatch(MountNotifications group) {
        this.group = group;
    }

    /** Opens the group and marks our mount namespace; throws with the kernel's reason when it cannot. */
    static FanotifyMountWatch open(MountNotifications.Opener opener) throws OsException {
        return new FanotifyMountWatch(opener.open());
    }

    int fd() {
        return group.fd();
    }

    /** Everything queued now (possibly nothing). */
    List<FanotifyMountRecords.Result> drain() throws OsException {
        List<FanotifyMountRecords.Result> out = new ArrayList<>(1);
        while (true) {
            int n = group.readOrAgain(bytes);
            if (n <= 0) {
                return out;
            }
            out.add(FanotifyMountRecords.decode(bytes, n));
        }
    }

    @Override
    public void close() {
        group.close();
    }
}
