package org.watchtray.core.mounts;

import org.watchtray.core.os.OsException;

/**
 * A fanotify group reporting mount events of our mount namespace (Linux 6.15+, CAP_SYS_ADMIN
 * over the namespace): {@code FAN_REPORT_MNT}, marked with {@code FAN_MNT_ATTACH |
 * FAN_MNT_DETACH} on {@code /proc/self/ns/mnt}. Every attach, detach and move is reported with
 * the mount's 64-bit ID; remounts are not. What {@link #readOrAgain} returns is decoded by
 * {@link FanotifyMountRecords}. Implemented in native-access ({@code NativeAccess.mountNotifications()}).
 */
public interface MountNotifications extends AutoCloseable {

    /**
     * Creates the group and marks our namespace; {@link OsException} with the kernel's reason
     * when it cannot: EINVAL where the kernel has no mount events, EPERM without the privilege.
     */
    @FunctionalInterface
    interface Opener {
        MountNotifications open() throws OsException;
    }

    /** Non-blocking; readable when events are queued. */
    int fd();

    /** read(2) of whole events into {@code buf}; -1 when none is queued (EAGAIN). */
    int readOrAgain(byte[] buf) throws OsException;

    /** Idempotent. */
    @Override
    void close();
}
