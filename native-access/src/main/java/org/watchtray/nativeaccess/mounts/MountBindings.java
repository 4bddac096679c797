package org.watchtray.nativeaccess.mounts;

import org.watchtray.core.mounts.MountNotifications;
import org.watchtray.core.mounts.MountTables;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/**
 * How {@code NativeAccess} reaches the mount bindings, which stay package-private. This package
 * is not exported from the module.
 */
public final class MountBindings {
    private MountBindings() {
    }

    /** listmount/statmount. */
    public static MountTables tables(LinuxLibc libc) {
        return new SyscallMountTables(libc);
    }

    /** fanotify mount events on our namespace. */
    public static MountNotifications.Opener notifications(LinuxLibc libc) {
        return () -> FanotifyMountGroup.open(libc);
    }
}
