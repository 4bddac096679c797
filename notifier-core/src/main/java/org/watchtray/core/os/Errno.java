package org.watchtray.core.os;

/**
 * The Linux errno values (x86-64 / asm-generic) that watchtray reacts to by name. Native code
 * maps the raw number with {@link #of(int)} in one place; everything else switches over these.
 */
public enum Errno {
    EPERM(1), ENOENT(2), EINTR(4), EIO(5), ENXIO(6), EBADF(9), EAGAIN(11), ENOMEM(12), EACCES(13),
    EFAULT(14), EBUSY(16), EEXIST(17), EXDEV(18), ENODEV(19), ENOTDIR(20), EINVAL(22), ENFILE(23),
    EMFILE(24), ENOTTY(25), ENOSPC(28), EPIPE(32), ERANGE(34), ENAMETOOLONG(36), ENOSYS(38),
    ENOMSG(42), EBADSLT(57), ENOPKG(65), EPROTO(71), EOVERFLOW(75), EOPNOTSUPP(95), ENOPROTOOPT(92),
    ENOBUFS(105), EMSGSIZE(90), ESRCH(3), ECONNABORTED(103), ECONNRESET(104), ENOTCONN(107), ETIMEDOUT(110), ECONNREFUSED(111), ECANCELED(125),
    ENOKEY(126), EKEYEXPIRED(127), EKEYREVOKED(128),
    /** A value watchtray has no name for; {@link OsException#code()} keeps the number. */
    OTHER(-1);

    private static final Errno[] BY_CODE = new Errno[256];

    static {
        for (Errno e : values()) {
            if (e.code > 0) {
                BY_CODE[e.code] = e;
            }
        }
    }

    private final int code;

    Errno(int code) {
        this.code = code;
    }

    /** The raw number ({@code -1} for {@link #OTHER}). */
    public int code() {
        return code;
    }

    /** The named value for a raw errno, {@link #OTHER} when watchtray does not name it. */
    public static Errno of(int code) {
        Errno e = code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        return e == null ? OTHER : e;
    }

    /** "ENOPKG", or "errno 4242" for a number watchtray does not name. */
    public static String nameOf(int code) {
        Errno e = of(code);
        return e == OTHER ? "errno " + code : e.name();
    }
}
