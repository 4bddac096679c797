package org.watchtray.core.os;

/**
 * A failed system call, with the call, its context and errno both as a name and as the C
 * library's text: "KEYCTL_WATCH_KEY on keyring 1234: EACCES, Permission denied".
 */
public class OsException extends java.io.IOException {
    private final int code;
    private final String call;

    public OsException(String call, String context, int code, String strerror) {
        super(call + (context == null || context.isEmpty() ? "" : " on " + context) + ": " + Errno.nameOf(code) + ", " + strerror);
        this.code = code;
        this.call = call;
    }

    /** A failure watchtray detects itself (a malformed reply, a name too long), named like errno's. */
    public OsException(String call, String context, Errno errno, String text) {
        this(call, context, errno.code(), text);
    }

    /** The same failure, named after the operation that was attempted rather than the raw call. */
    public OsException renamed(String operation, String context, String strerror) {
        return new OsException(operation, context, code, strerror);
    }

    public Errno errno() {
        return Errno.of(code);
    }

    /** The raw errno. */
    public int code() {
        return code;
    }

    public String call() {
        return call;
    }

    /** "ENOPKG" etc. */
    public String errnoName() {
        return Errno.nameOf(code);
    }
}
