package org.watchtray.nativeaccess.outbound;

import org.watchtray.core.hooks.ProcessGroups;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Native;

/** {@link ProcessGroups} with kill(2): a negative pid addresses the whole group. */
final class KillProcessGroups implements ProcessGroups {
    private static final int SIGKILL = 9, SIGTERM = 15;

    @Override
    public boolean signal(long processGroup, Signal signal) {
        if (processGroup <= 1 || processGroup > Integer.MAX_VALUE) {
            // kill(0) is our own group and kill(-1) every process we may signal: never that.
            throw new IllegalArgumentException("not a process group to signal: " + processGroup);
        }
        int number = switch (signal) {
            case TERM -> SIGTERM;
            case KILL -> SIGKILL;
        };
        if (OutboundCalls.kill((int) -processGroup, number) == 0) {
            return true;
        }
        int errno = Native.errno();
        if (Errno.of(errno) == Errno.ESRCH) {
            return false;
        }
        throw new IllegalStateException(new OsException("kill", "process group " + processGroup + " with SIG" + signal,
                errno, Native.strerror(errno)).getMessage());
    }
}
