package org.watchtray.nativeaccess;

import org.watchtray.core.keys.Keyctl;
import org.watchtray.core.keys.NotificationQueue;
import org.watchtray.core.mounts.MountNotifications;
import org.watchtray.core.mounts.MountTables;
import org.watchtray.core.os.Libc;
import org.watchtray.nativeaccess.keys.SyscallKeyctl;
import org.watchtray.nativeaccess.keys.WatchQueue;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.nativeaccess.mounts.MountBindings;

/**
 * The one entry to native code: it hands out the OS interfaces that sources are written
 * against (declared in notifier-core), implemented here with java.lang.foreign. Nothing of
 * java.lang.foreign crosses this boundary. Built once in each composition root and passed in.
 */
public final class NativeAccess {
    private final LinuxLibc libc;
    private final Keyctl keyctl;

    private NativeAccess(LinuxLibc libc) {
        this.libc = libc;
        this.keyctl = new SyscallKeyctl(libc);
    }

    /** The bindings for this Linux x86-64 process. */
    public static NativeAccess linux() {
        return new NativeAccess(new LinuxLibc());
    }

    /** File descriptors, epoll, eventfd, timerfd and inotify. */
    public Libc libc() {
        return libc;
    }

    /** keyctl(2) and add_key(2). */
    public Keyctl keyctl() {
        return keyctl;
    }

    /** Opens kernel notification queues (pipe2 with O_NOTIFICATION_PIPE). */
    public NotificationQueue.Opener notificationQueues() {
        return () -> WatchQueue.open(libc);
    }

    /** listmount(2) and statmount(2); on a kernel before 6.8 their calls fail with ENOSYS. */
    public MountTables mountTables() {
        return MountBindings.tables(libc);
    }

    /** Opens fanotify mount-event groups on our mount namespace (Linux 6.15+, CAP_SYS_ADMIN). */
    public MountNotifications.Opener mountNotifications() {
        return MountBindings.notifications(libc);
    }
}
