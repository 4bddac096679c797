package org.watchtray.nativeaccess;

/**
 * A failed system call, with the call, its context and the errno both as a name and as the
 * C library's text: "KEYCTL_WATCH_KEY on keyring 1234: EACCES, Permission denied".
 */
public class NativeException extends java.io.IOException {
    private final int errno;
    private final String call;

    public NativeException(String call, String context, int errno, String strerror) {
        super(call + (context.isEmpty() ? "" : " on " + context) + ": " + Errno.name(errno) + ", " + strerror);
        this.errno = errno;
        this.call = call;
    }

    public int errno() {
        return errno;
    }

    public String call() {
        return call;
    }

    /** "ENOPKG" etc. */
    public String errnoName() {
        return Errno.name(errno);
    }
}
