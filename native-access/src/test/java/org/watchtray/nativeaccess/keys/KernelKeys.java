package org.watchtray.nativeaccess.keys;

import org.watchtray.core.keys.Keyctl;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/**
 * Which kernel case a test is in, asked of the kernel through an interface other than the one
 * under test: KEYCTL_CAPABILITIES (Linux 5.3+) says whether key notifications
 * (CONFIG_KEY_NOTIFICATIONS, which needs CONFIG_WATCH_QUEUE) are built in. Tests assert the
 * matching behaviour for each case instead of accepting whichever the kernel shows.
 */
public final class KernelKeys {
    private KernelKeys() {
    }

    /** True when the kernel reports key notifications; a kernel too old to answer has none. */
    public static boolean notificationsBuiltIn() {
        try {
            byte[] caps = new SyscallKeyctl(new LinuxLibc()).capabilities();
            return caps.length > 1 && (caps[1] & Keyctl.CAPS1_NOTIFICATIONS) != 0;
        } catch (OsException tooOld) {
            return false;
        }
    }
}
