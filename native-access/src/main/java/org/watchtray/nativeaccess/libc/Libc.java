package org.watchtray.nativeaccess.libc;

import java.lang.foreign.MemorySegment;
import org.watchtray.core.os.OsException;

/**
 * The C library calls watchtray needs, mirroring their C signatures. The flag and constant
 * values callers pass are {@link org.watchtray.core.os.Libc}'s (the API core speaks); this
 * binding declares only what is its own plumbing (the *_CLOEXEC flags it adds itself, the
 * notification pipe, fanotify and socket constants no core interface uses). Every failure is a
 * {@link OsException} carrying the call, a context and errno. Calls that commonly fail
 * with EAGAIN on a non-blocking fd have an {@code …OrAgain} form returning -1 instead.
 */
public interface Libc {
    // fcntl.h / unistd.h
    /** O_NOTIFICATION_PIPE is O_EXCL on x86-64. */
    int O_NOTIFICATION_PIPE = 0x80;

    int open(String path, int flags, String context) throws OsException;

    void close(int fd) throws OsException;

    long read(int fd, MemorySegment buf, long count) throws OsException;

    /** read(2), but EAGAIN returns -1. */
    long readOrAgain(int fd, MemorySegment buf, long count) throws OsException;

    long write(int fd, MemorySegment buf, long count) throws OsException;

    long lseek(int fd, long offset, int whence) throws OsException;

    /** pipe2(2): returns {read end, write end}. */
    int[] pipe2(int flags) throws OsException;

    /** ioctl(2) with a pointer (or an integer passed as an address) argument. */
    int ioctl(int fd, long request, MemorySegment arg, String context) throws OsException;

    // poll.h
    /** poll(2) over an array of {@link Structs#POLLFD}; returns how many fds are ready. */
    int poll(MemorySegment fds, int nfds, int timeoutMillis) throws OsException;

    // sys/epoll.h
    int EPOLL_CLOEXEC = 0x80000;

    int epoll_create1(int flags) throws OsException;

    void epoll_ctl(int epfd, int op, int fd, MemorySegment event) throws OsException;

    /** epoll_wait(2); EINTR returns 0. */
    int epoll_wait(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) throws OsException;

    // sys/eventfd.h
    int EFD_CLOEXEC = 0x80000;

    int eventfd(int initval, int flags) throws OsException;

    // sys/timerfd.h
    int TFD_CLOEXEC = 0x80000;

    int timerfd_create(int clockId, int flags) throws OsException;

    /** timerfd_settime(2) with an {@link Structs#ITIMERSPEC}. */
    void timerfd_settime(int fd, int flags, MemorySegment newValue) throws OsException;

    // sys/inotify.h (the event and watch flags callers use are core.os.Libc's)
    int IN_CLOEXEC = 0x80000;

    int inotify_init1(int flags) throws OsException;

    int inotify_add_watch(int fd, String path, int mask) throws OsException;

    void inotify_rm_watch(int fd, int wd) throws OsException;

    // sys/fanotify.h
    int FAN_CLASS_NOTIF = 0x0, FAN_CLOEXEC = 0x1, FAN_NONBLOCK = 0x2, FAN_REPORT_MNT = 0x4000;
    int FAN_REPORT_FID = 0x200;
    int FAN_MARK_ADD = 0x1, FAN_MARK_FILESYSTEM = 0x100, FAN_MARK_MNTNS = 0x110;
    long FAN_MODIFY = 0x2L, FAN_ATTRIB = 0x4L, FAN_MOVED_FROM = 0x40L, FAN_MOVED_TO = 0x80L, FAN_CREATE = 0x100L,
            FAN_DELETE = 0x200L, FAN_ONDIR = 0x40000000L;
    long FAN_MNT_ATTACH = 0x01000000L, FAN_MNT_DETACH = 0x02000000L;
    /** fcntl.h: "relative to the current directory" for the *at calls. */
    int AT_FDCWD = -100;

    // sys/mman.h (mmap and munmap are LinuxLibc's: only the perf ring buffer maps anything)
    /** mmap(2) protections and flags. */
    int PROT_READ = 0x1, PROT_WRITE = 0x2, MAP_SHARED = 0x1;

    /** fanotify_init(2); FAN_CLOEXEC is always added. */
    int fanotify_init(int flags, int eventFlags) throws OsException;

    void fanotify_mark(int fd, int flags, long mask, int dirfd, String path) throws OsException;

    // sys/socket.h
    int AF_UNIX = 1, AF_NETLINK = 16, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_SEQPACKET = 5;
    int SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
    int SOL_SOCKET = 1, SO_PEERCRED = 17, SO_RCVBUF = 8, SO_RCVBUFFORCE = 33, SO_PASSCRED = 16;
    int MSG_DONTWAIT = 0x40, MSG_NOSIGNAL = 0x4000, MSG_TRUNC = 0x20;
    int SHUT_RDWR = 2;
    /** SO_PEERGROUPS (Linux 4.13+): the peer's supplementary groups as gid_t[]. */
    int SO_PEERGROUPS = 59;
    int NETLINK_KOBJECT_UEVENT = 15;

    int socket(int domain, int type, int protocol) throws OsException;

    void bind(int fd, MemorySegment addr, int addrLen, String context) throws OsException;

    void connect(int fd, MemorySegment addr, int addrLen, String context) throws OsException;

    void listen(int fd, int backlog) throws OsException;

    /** accept4(2); EAGAIN returns -1. */
    int accept4OrAgain(int fd, int flags) throws OsException;

    /** send(2); EAGAIN returns -1. */
    long sendOrAgain(int fd, MemorySegment buf, long len, int flags) throws OsException;

    /** recv(2); EAGAIN returns -1. */
    long recvOrAgain(int fd, MemorySegment buf, long len, int flags) throws OsException;

    /** recvfrom(2), filling the sender's address; EAGAIN returns -1. */
    long recvfromOrAgain(int fd, MemorySegment buf, long len, int flags, MemorySegment addr, MemorySegment addrLen) throws OsException;

    void getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment valueLen) throws OsException;

    void setsockopt(int fd, int level, int name, MemorySegment value, int valueLen) throws OsException;

    void shutdown(int fd, int how) throws OsException;

    // unistd.h
    int getuid();

    int getpid();

    /** syscall(2) with up to five integer (or address) arguments; returns the raw result. */
    long syscall(long number, long a1, long a2, long a3, long a4, long a5, String context) throws OsException;

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
