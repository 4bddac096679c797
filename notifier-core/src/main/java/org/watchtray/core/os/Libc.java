package org.watchtray.core.os;

/**
 * The C library calls that sources use directly, in Java terms: descriptors are {@code int},
 * buffers are {@code byte[]}, results are plain values. Every failure is an {@link OsException}
 * with the call, a context and a typed {@link Errno}. Calls that commonly fail with EAGAIN on a
 * non-blocking fd have an {@code …OrAgain} form that returns -1 instead. The implementation
 * (java.lang.foreign) lives in native-access; nothing here knows about native memory.
 *
 * <p>Calls that belong to one kernel interface (keyctl, device-mapper ioctls, fanotify,
 * netlink, seqpacket sockets, statmount, libkrb5) have their own small interfaces next to the
 * source that uses them.
 */
public interface Libc {
    // fcntl.h / unistd.h
    int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000, O_DIRECTORY = 0x10000;

    /** open(2); O_CLOEXEC is always added. */
    int open(String path, int flags, String context) throws OsException;

    void close(int fd) throws OsException;

    /** read(2) into {@code buf[off, off + len)}; 0 at end of file. EAGAIN is an error here. */
    int read(int fd, byte[] buf, int off, int len) throws OsException;

    /** read(2), retrying EINTR; EAGAIN returns -1. */
    int readOrAgain(int fd, byte[] buf, int off, int len) throws OsException;

    /** write(2) from {@code buf[off, off + len)}; returns how much was written. */
    int write(int fd, byte[] buf, int off, int len) throws OsException;

    int SEEK_SET = 0, SEEK_END = 2;

    long lseek(int fd, long offset, int whence) throws OsException;

    int getuid();

    int getpid();

    // poll.h
    short POLLIN = 0x1, POLLPRI = 0x2, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;

    /** poll(2) on one fd: the revents bits, 0 on timeout or EINTR. */
    int poll(int fd, int events, int timeoutMillis) throws OsException;

    // sys/epoll.h
    int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;

    /** epoll_create1(EPOLL_CLOEXEC). */
    int epoll_create() throws OsException;

    /** epoll_ctl(2) with an {@code epoll_event} of {@code events} bits and {@code data} as its u64. */
    void epoll_ctl(int epfd, int op, int fd, int events, long data) throws OsException;

    /**
     * epoll_wait(2) for at most {@code events.length} fds: fills {@code events[i]} (the ready
     * bits) and {@code data[i]} (the u64 given to epoll_ctl) and returns how many; EINTR
     * returns 0.
     */
    int epoll_wait(int epfd, int[] events, long[] data, int timeoutMillis) throws OsException;

    // sys/eventfd.h
    int EFD_NONBLOCK = 0x800;

    /** eventfd(2); EFD_CLOEXEC is always added. See {@link EventFd} for reading and writing it. */
    int eventfd(int initval, int flags) throws OsException;

    // sys/timerfd.h
    int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_BOOTTIME = 7;
    int TFD_NONBLOCK = 0x800, TFD_TIMER_ABSTIME = 1, TFD_TIMER_CANCEL_ON_SET = 2;

    /** timerfd_create(2); TFD_CLOEXEC is always added. See {@link TimerFd}. */
    int timerfd_create(int clockId, int flags) throws OsException;

    /** timerfd_settime(2) with a one-shot {@code it_value} (0, 0 disarms) and no interval. */
    void timerfd_settime(int fd, int flags, long seconds, long nanoseconds) throws OsException;

    // sys/inotify.h
    int IN_NONBLOCK = 0x800;
    int IN_MODIFY = 0x2, IN_ATTRIB = 0x4, IN_CLOSE_WRITE = 0x8, IN_MOVED_FROM = 0x40, IN_MOVED_TO = 0x80,
            IN_CREATE = 0x100, IN_DELETE = 0x200, IN_DELETE_SELF = 0x400, IN_MOVE_SELF = 0x800;
    /** Flags the kernel sets in events: the fs was unmounted, the queue overflowed, the watch is gone, the name is a directory. */
    int IN_UNMOUNT = 0x2000, IN_Q_OVERFLOW = 0x4000, IN_IGNORED = 0x8000, IN_ISDIR = 0x40000000;
    /** Watch flags: only if a directory, do not follow a symlink. */
    int IN_ONLYDIR = 0x01000000, IN_DONT_FOLLOW = 0x02000000;

    /** inotify_init1(2); IN_CLOEXEC is always added. See {@link Inotify}. */
    int inotify_init1(int flags) throws OsException;

    int inotify_add_watch(int fd, String path, int mask) throws OsException;

    void inotify_rm_watch(int fd, int wd) throws OsException;

    /** Closes quietly, for cleanup paths where a second failure would hide the first. */
    default void closeQuietly(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            close(fd);
        } catch (OsException ignored) {
            // Nothing useful to do: the fd is gone either way (close(2) never retries).
        }
    }
}
