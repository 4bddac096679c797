package org.watchtray.nativeaccess.libc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;

/**
 * {@link Libc} over glibc with java.lang.foreign: one handle per symbol, named after it
 * (LibcBindingTest checks each name against the symbol it was bound to).
 */
public final class LinuxLibc implements Libc, org.watchtray.core.os.Libc {
    private static final FunctionDescriptor INT_INT = FunctionDescriptor.of(JAVA_INT, JAVA_INT);

    private static final MethodHandle open = Native.bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle close = Native.bind("close", INT_INT);
    private static final MethodHandle read = Native.bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle write = Native.bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle lseek = Native.bind("lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle pipe2 = Native.bind("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle ioctl = Native.bind("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle poll = Native.bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle epoll_create1 = Native.bind("epoll_create1", INT_INT);
    private static final MethodHandle epoll_ctl = Native.bind("epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle epoll_wait = Native.bind("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle eventfd = Native.bind("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle timerfd_create = Native.bind("timerfd_create", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle timerfd_settime = Native.bind("timerfd_settime", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle inotify_init1 = Native.bind("inotify_init1", INT_INT);
    private static final MethodHandle inotify_add_watch = Native.bind("inotify_add_watch", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle inotify_rm_watch = Native.bind("inotify_rm_watch", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle fanotify_init = Native.bind("fanotify_init", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle fanotify_mark = Native.bind("fanotify_mark", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS));
    private static final MethodHandle socket = Native.bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle bind = Native.bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle connect = Native.bind("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle listen = Native.bind("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle accept4 = Native.bind("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle send = Native.bind("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle recv = Native.bind("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle recvfrom = Native.bind("recvfrom", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle getsockopt = Native.bind("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle setsockopt = Native.bind("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle shutdown = Native.bind("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle getuid = Native.bind("getuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle getpid = Native.bind("getpid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle mmap = Native.bind("mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle munmap = Native.bind("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle syscall = Native.bind("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(1));

    @Override
    public int open(String path, int flags, String context) throws OsException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(path);
            return Native.call("open", context, () -> (int) open.invokeExact(Native.state(), p, flags | O_CLOEXEC, 0));
        }
    }

    @Override
    public void close(int fd) throws OsException {
        Native.call("close", "fd " + fd, () -> (int) close.invokeExact(Native.state(), fd));
    }

    @Override
    public long read(int fd, MemorySegment buf, long count) throws OsException {
        long r = readOrAgain(fd, buf, count);
        if (r < 0) {
            throw new OsException("read", "fd " + fd, Errno.EAGAIN, Native.strerror(Errno.EAGAIN.code()));
        }
        return r;
    }

    @Override
    public long readOrAgain(int fd, MemorySegment buf, long count) throws OsException {
        while (true) {
            long r;
            try {
                // Called directly, not through a lambda (an allocation per call): every mount change reads.
                r = (long) read.invokeExact(Native.state(), fd, buf, count);
            } catch (Throwable t) {
                throw Native.unexpected(t);
            }
            if (r >= 0) {
                return r;
            }
            if (againNotInterrupted("read", fd)) {
                return -1;
            }
        }
    }

    @Override
    public long write(int fd, MemorySegment buf, long count) throws OsException {
        long r;
        try {
            r = (long) write.invokeExact(Native.state(), fd, buf, count);  // directly: the backend's wakeups write
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
        return r >= 0 ? r : Native.check(r, "write", "fd " + fd);
    }

    @Override
    public int read(int fd, byte[] buf, int off, int len) throws OsException {
        int r = readOrAgain(fd, buf, off, len);
        if (r < 0) {
            throw new OsException("read", "fd " + fd, Errno.EAGAIN, Native.strerror(Errno.EAGAIN.code()));
        }
        return r;
    }

    @Override
    public int readOrAgain(int fd, byte[] buf, int off, int len) throws OsException {
        java.util.Objects.checkFromIndexSize(off, len, buf.length);
        MemorySegment scratch = Native.scratch(len);
        int r = (int) readOrAgain(fd, scratch, len);
        if (r > 0) {
            MemorySegment.copy(scratch, JAVA_BYTE, 0, buf, off, r);
        }
        return r;
    }

    @Override
    public int write(int fd, byte[] buf, int off, int len) throws OsException {
        java.util.Objects.checkFromIndexSize(off, len, buf.length);
        MemorySegment scratch = Native.scratch(len);
        MemorySegment.copy(buf, off, scratch, JAVA_BYTE, 0, len);
        return (int) write(fd, scratch, len);
    }

    @Override
    public long lseek(int fd, long offset, int whence) throws OsException {
        long r;
        try {
            // Directly, and the failure's text only on failure: every mountinfo read after a change seeks first.
            r = (long) lseek.invokeExact(Native.state(), fd, offset, whence);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
        return r >= 0 ? r : Native.check(r, "lseek", "fd " + fd);
    }

    @Override
    public int[] pipe2(int flags) throws OsException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            Native.call("pipe2", "flags 0x" + Integer.toHexString(flags), () -> (int) pipe2.invokeExact(Native.state(), fds, flags | O_CLOEXEC));
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        }
    }

    @Override
    public int ioctl(int fd, long request, MemorySegment arg, String context) throws OsException {
        return Native.call("ioctl 0x" + Long.toHexString(request), context, () -> (int) ioctl.invokeExact(Native.state(), fd, request, arg));
    }

    @Override
    public int poll(MemorySegment fds, int nfds, int timeoutMillis) throws OsException {
        int r;
        try {
            r = (int) poll.invokeExact(Native.state(), fds, (long) nfds, timeoutMillis);  // directly: no lambda per call
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
        if (r >= 0) {
            return r;
        }
        return Native.lastErrno() == Errno.EINTR ? 0 : Native.check(r, "poll", nfds + " fds");
    }

    @Override
    public int poll(int fd, int events, int timeoutMillis) throws OsException {
        MemorySegment pfd = Native.scratch(Structs.POLLFD.byteSize());
        pfd.set(JAVA_INT, Structs.POLLFD_FD, fd);
        pfd.set(ValueLayout.JAVA_SHORT, Structs.POLLFD_EVENTS, (short) events);
        pfd.set(ValueLayout.JAVA_SHORT, Structs.POLLFD_REVENTS, (short) 0);
        int n = poll(pfd, 1, timeoutMillis);
        return n == 0 ? 0 : Short.toUnsignedInt(pfd.get(ValueLayout.JAVA_SHORT, Structs.POLLFD_REVENTS));
    }

    @Override
    public int epoll_create() throws OsException {
        return epoll_create1(0);
    }

    @Override
    public void epoll_ctl(int epfd, int op, int fd, int events, long data) throws OsException {
        MemorySegment event = Native.scratch(Structs.EPOLL_EVENT.byteSize());
        event.set(JAVA_INT, Structs.EPOLL_EVENT_EVENTS, events);
        event.set(ValueLayout.JAVA_LONG_UNALIGNED, Structs.EPOLL_EVENT_DATA, data);
        epoll_ctl(epfd, op, fd, event);
    }

    @Override
    public int epoll_wait(int epfd, int[] events, long[] data, int timeoutMillis) throws OsException {
        int max = Math.min(events.length, data.length);
        // Not the scratch buffer: another call on this thread must not reuse it while we sleep.
        MemorySegment ready = EPOLL_READY.get();
        if (ready.byteSize() < max * Structs.EPOLL_EVENT.byteSize()) {
            ready = Arena.ofAuto().allocate(Structs.EPOLL_EVENT, max);
            EPOLL_READY.set(ready);
        }
        int n = epoll_wait(epfd, ready, max, timeoutMillis);
        for (int i = 0; i < n; i++) {
            long base = i * Structs.EPOLL_EVENT.byteSize();
            events[i] = ready.get(JAVA_INT, base + Structs.EPOLL_EVENT_EVENTS);
            data[i] = ready.get(ValueLayout.JAVA_LONG_UNALIGNED, base + Structs.EPOLL_EVENT_DATA);
        }
        return n;
    }

    private static final ThreadLocal<MemorySegment> EPOLL_READY = ThreadLocal.withInitial(() -> MemorySegment.NULL);

    @Override
    public void timerfd_settime(int fd, int flags, long seconds, long nanoseconds) throws OsException {
        MemorySegment spec = Native.scratch(Structs.ITIMERSPEC.byteSize());
        spec.asSlice(0, Structs.ITIMERSPEC.byteSize()).fill((byte) 0);
        spec.set(JAVA_LONG, Structs.ITIMERSPEC_VALUE_SEC, seconds);
        spec.set(JAVA_LONG, Structs.ITIMERSPEC_VALUE_NSEC, nanoseconds);
        timerfd_settime(fd, flags, spec);
    }

    @Override
    public void closeQuietly(int fd) {
        Libc.super.closeQuietly(fd);
    }

    @Override
    public int epoll_create1(int flags) throws OsException {
        return Native.call("epoll_create1", "", () -> (int) epoll_create1.invokeExact(Native.state(), flags | EPOLL_CLOEXEC));
    }

    @Override
    public void epoll_ctl(int epfd, int op, int fd, MemorySegment event) throws OsException {
        Native.call("epoll_ctl", "op " + op + " fd " + fd, () -> (int) epoll_ctl.invokeExact(Native.state(), epfd, op, fd, event));
    }

    @Override
    public int epoll_wait(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) throws OsException {
        int r;
        try {
            // Directly, not through a lambda: a capturing lambda is an allocation at every wakeup.
            r = (int) epoll_wait.invokeExact(Native.state(), epfd, events, maxEvents, timeoutMillis);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
        if (r >= 0) {
            return r; // every wakeup of the backend: no message text built for a failure that did not happen
        }
        return Native.lastErrno() == Errno.EINTR ? 0 : Native.check(r, "epoll_wait", "epoll fd " + epfd);
    }

    @Override
    public int eventfd(int initval, int flags) throws OsException {
        return Native.call("eventfd", "", () -> (int) eventfd.invokeExact(Native.state(), initval, flags | EFD_CLOEXEC));
    }

    @Override
    public int timerfd_create(int clockId, int flags) throws OsException {
        return Native.call("timerfd_create", "clock " + clockId, () -> (int) timerfd_create.invokeExact(Native.state(), clockId, flags | TFD_CLOEXEC));
    }

    @Override
    public void timerfd_settime(int fd, int flags, MemorySegment newValue) throws OsException {
        Native.call("timerfd_settime", "fd " + fd, () -> (int) timerfd_settime.invokeExact(Native.state(), fd, flags, newValue, MemorySegment.NULL));
    }

    @Override
    public int inotify_init1(int flags) throws OsException {
        return Native.call("inotify_init1", "", () -> (int) inotify_init1.invokeExact(Native.state(), flags | IN_CLOEXEC));
    }

    @Override
    public int inotify_add_watch(int fd, String path, int mask) throws OsException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(path);
            return Native.call("inotify_add_watch", path, () -> (int) inotify_add_watch.invokeExact(Native.state(), fd, p, mask));
        }
    }

    @Override
    public void inotify_rm_watch(int fd, int wd) throws OsException {
        Native.call("inotify_rm_watch", "wd " + wd, () -> (int) inotify_rm_watch.invokeExact(Native.state(), fd, wd));
    }

    @Override
    public int fanotify_init(int flags, int eventFlags) throws OsException {
        return Native.call("fanotify_init", "flags 0x" + Integer.toHexString(flags), () -> (int) fanotify_init.invokeExact(Native.state(), flags | FAN_CLOEXEC, eventFlags));
    }

    @Override
    public void fanotify_mark(int fd, int flags, long mask, int dirfd, String path) throws OsException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = path == null ? MemorySegment.NULL : arena.allocateFrom(path);
            Native.call("fanotify_mark", path == null ? "dirfd " + dirfd : path, () -> (int) fanotify_mark.invokeExact(Native.state(), fd, flags, mask, dirfd, p));
        }
    }

    @Override
    public int socket(int domain, int type, int protocol) throws OsException {
        return Native.call("socket", "domain " + domain + " type " + type, () -> (int) socket.invokeExact(Native.state(), domain, type | SOCK_CLOEXEC, protocol));
    }

    @Override
    public void bind(int fd, MemorySegment addr, int addrLen, String context) throws OsException {
        Native.call("bind", context, () -> (int) bind.invokeExact(Native.state(), fd, addr, addrLen));
    }

    @Override
    public void connect(int fd, MemorySegment addr, int addrLen, String context) throws OsException {
        Native.call("connect", context, () -> (int) connect.invokeExact(Native.state(), fd, addr, addrLen));
    }

    @Override
    public void listen(int fd, int backlog) throws OsException {
        Native.call("listen", "fd " + fd, () -> (int) listen.invokeExact(Native.state(), fd, backlog));
    }

    @Override
    public int accept4OrAgain(int fd, int flags) throws OsException {
        int r = Native.raw(() -> (int) accept4.invokeExact(Native.state(), fd, MemorySegment.NULL, MemorySegment.NULL, flags | SOCK_CLOEXEC));
        if (r < 0 && (Native.lastErrno() == Errno.EAGAIN || Native.lastErrno() == Errno.EINTR)) {
            return -1;
        }
        return Native.check(r, "accept4", "fd " + fd);
    }

    @Override
    public long sendOrAgain(int fd, MemorySegment buf, long len, int flags) throws OsException {
        return retryingOrAgain("send", fd, () -> (long) send.invokeExact(Native.state(), fd, buf, len, flags | MSG_NOSIGNAL));
    }

    @Override
    public long recvOrAgain(int fd, MemorySegment buf, long len, int flags) throws OsException {
        return retryingOrAgain("recv", fd, () -> (long) recv.invokeExact(Native.state(), fd, buf, len, flags));
    }

    @Override
    public long recvfromOrAgain(int fd, MemorySegment buf, long len, int flags, MemorySegment addr, MemorySegment addrLen) throws OsException {
        return retryingOrAgain("recvfrom", fd, () -> (long) recvfrom.invokeExact(Native.state(), fd, buf, len, flags, addr, addrLen));
    }

    @Override
    public void getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment valueLen) throws OsException {
        Native.call("getsockopt", "fd " + fd + " option " + name, () -> (int) getsockopt.invokeExact(Native.state(), fd, level, name, value, valueLen));
    }

    @Override
    public void setsockopt(int fd, int level, int name, MemorySegment value, int valueLen) throws OsException {
        Native.call("setsockopt", "fd " + fd + " option " + name, () -> (int) setsockopt.invokeExact(Native.state(), fd, level, name, value, valueLen));
    }

    @Override
    public void shutdown(int fd, int how) throws OsException {
        Native.call("shutdown", "fd " + fd, () -> (int) shutdown.invokeExact(Native.state(), fd, how));
    }

    @Override
    public int getuid() {
        return Native.raw(() -> (int) getuid.invokeExact(Native.state()));
    }

    @Override
    public int getpid() {
        return Native.raw(() -> (int) getpid.invokeExact(Native.state()));
    }

    @Override
    public long syscall(long number, long a1, long a2, long a3, long a4, long a5, String context) throws OsException {
        // The call's name is only built on failure: statmount sweeps make thousands of these calls.
        long r = Native.rawLong(() -> (long) syscall.invokeExact(Native.state(), number, a1, a2, a3, a4, a5));
        if (r < 0) {
            throw Native.failure("syscall " + number, context);
        }
        return r;
    }

    /** mmap(2) of {@code length} bytes of {@code fd} at {@code offset}, anywhere; the segment is {@code length} long. */
    public MemorySegment mmap(long length, int prot, int flags, int fd, long offset, String context) throws OsException {
        MemorySegment m;
        try {
            m = (MemorySegment) mmap.invokeExact(Native.state(), MemorySegment.NULL, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
        if (m.address() == -1L) { // MAP_FAILED
            throw Native.failure("mmap", context);
        }
        return m.reinterpret(length);
    }

    /** munmap(2) of a segment {@link #mmap} gave; failures are programming errors, logged by nobody. */
    public void munmapQuietly(MemorySegment mapped) {
        Native.raw(() -> (int) munmap.invokeExact(Native.state(), mapped, mapped.byteSize()));
    }

    /**
     * syscall(2) for a call some of whose failures are expected answers (statmount's ENOENT for
     * a mount that has gone): a negative result, with {@link Native#lastErrno()} saying which,
     * instead of an exception with its stack trace and message built for nothing.
     */
    public long syscallOrNegative(long number, long a1, long a2, long a3, long a4, long a5) {
        try {
            // Called directly, not through a lambda: a cheap look makes thousands of these calls in a row.
            return (long) syscall.invokeExact(Native.state(), number, a1, a2, a3, a4, a5);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** Retries EINTR, returns -1 for EAGAIN, throws for anything else. */
    private static long retryingOrAgain(String call, int fd, Native.LongCall downcall) throws OsException {
        while (true) {
            long r = Native.rawLong(downcall);
            if (r >= 0) {
                return r;
            }
            if (againNotInterrupted(call, fd)) {
                return -1;
            }
        }
    }

    /** After a failed call on {@code fd}: true for EAGAIN, false for EINTR (call again), else throws. */
    private static boolean againNotInterrupted(String call, int fd) throws OsException {
        Errno errno = Native.lastErrno();
        if (errno == Errno.EAGAIN) {
            return true;
        }
        if (errno != Errno.EINTR) {
            throw Native.failure(call, "fd " + fd);
        }
        return false;
    }
}
