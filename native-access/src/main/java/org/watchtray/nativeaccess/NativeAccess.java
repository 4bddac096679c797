package org.watchtray.nativeaccess;

import org.watchtray.core.os.Libc;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/**
 * The one entry to native code: it hands out the OS interfaces that sources are written
 * against (declared in notifier-core), implemented here with java.lang.foreign. Nothing of
 * java.lang.foreign crosses this boundary. Built once in each composition root and passed in.
 */
public final class NativeAccess {
    private final LinuxLibc libc;

    private NativeAccess(LinuxLibc libc) {
        this.libc = libc;
    }

    /** The bindings for this Linux x86-64 process. */
    public static NativeAccess linux() {
        return new NativeAccess(new LinuxLibc());
    }

    /** File descriptors, epoll, eventfd, timerfd and inotify. */
    public Libc libc() {
        return libc;
    }
}
