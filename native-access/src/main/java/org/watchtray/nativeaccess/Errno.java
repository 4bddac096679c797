package org.watchtray.nativeaccess;

/** Linux errno values (x86-64 / asm-generic) that watchtray reacts to by name. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int ENOTTY = 25;
    public static final int ENOSPC = 28;
    public static final int EPIPE = 32;
    public static final int ENOSYS = 38;
    public static final int ENOKEY = 126;
    public static final int EKEYEXPIRED = 127;
    public static final int EKEYREVOKED = 128;
    public static final int ENOMSG = 42;
    public static final int EBADSLT = 57;
    public static final int ENOPKG = 65;
    public static final int EPROTO = 71;
    public static final int EOVERFLOW = 75;
    public static final int ENOBUFS = 105;
    public static final int EMSGSIZE = 90;
    public static final int ESRCH = 3;
    public static final int ENOPROTOOPT = 92;
    public static final int ERANGE = 34;
    public static final int ENAMETOOLONG = 36;
    public static final int ECONNRESET = 104;
    public static final int ENOTCONN = 107;
    public static final int ECONNREFUSED = 111;
    public static final int EOPNOTSUPP = 95;
    public static final int ECANCELED = 125;
    public static final int ETIMEDOUT = 110;

    private Errno() {
    }

    /** The symbolic name, e.g. "ENOPKG", or "errno 4242" for one we do not name. */
    public static String name(int errno) {
        for (var f : Errno.class.getFields()) {
            try {
                if (f.getType() == int.class && f.getInt(null) == errno) {
                    return f.getName();
                }
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return "errno " + errno;
    }
}
