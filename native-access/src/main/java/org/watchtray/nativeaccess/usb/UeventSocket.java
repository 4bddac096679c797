package org.watchtray.nativeaccess.usb;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.core.usb.Uevents;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.Structs;

/**
 * {@link Uevents} over a NETLINK_KOBJECT_UEVENT socket bound to group 1, the kernel's own
 * uevents (wire-formats §5.2); unprivileged processes may receive them. Datagrams whose sender
 * is not the kernel (nl_pid ≠ 0) are dropped. ENOBUFS means the socket overflowed and uevents
 * were lost. Reached through {@code NativeAccess.uevents}.
 */
public final class UeventSocket implements Uevents {
    static final int KERNEL_GROUP = 1;
    private static final int RECEIVE_BUFFER = 1024 * 1024;

    private final Libc libc;
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buf = arena.allocate(MAX_DATAGRAM);
    private final MemorySegment from = arena.allocate(Structs.SOCKADDR_NL);
    private final MemorySegment fromLen = arena.allocate(JAVA_INT);
    private boolean closed;

    private UeventSocket(Libc libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    public static UeventSocket open(Libc libc) throws OsException {
        int fd = libc.socket(Libc.AF_NETLINK, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK, Libc.NETLINK_KOBJECT_UEVENT);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(JAVA_INT);
            size.set(JAVA_INT, 0, RECEIVE_BUFFER);
            try {
                libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, size, 4); // beyond rmem_max with CAP_NET_ADMIN
            } catch (OsException e) {
                libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, size, 4);
            }
            MemorySegment addr = a.allocate(Structs.SOCKADDR_NL);
            addr.set(JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
            addr.set(JAVA_INT, Structs.SOCKADDR_NL_GROUPS, KERNEL_GROUP);
            libc.bind(fd, addr, (int) Structs.SOCKADDR_NL.byteSize(), "NETLINK_KOBJECT_UEVENT group " + KERNEL_GROUP);
        } catch (OsException e) {
            libc.closeQuietly(fd);
            throw e;
        }
        return new UeventSocket(libc, fd);
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public int receive(byte[] bytes) throws OsException {
        while (true) {
            fromLen.set(JAVA_INT, 0, (int) Structs.SOCKADDR_NL.byteSize());
            long r;
            try {
                r = libc.recvfromOrAgain(fd, buf, MAX_DATAGRAM, Libc.MSG_DONTWAIT, from, fromLen);
            } catch (OsException e) {
                if (e.errno() == Errno.ENOBUFS) {
                    return OVERFLOWED;
                }
                throw e;
            }
            if (r < 0) {
                return AGAIN;
            }
            if (from.get(JAVA_INT, Structs.SOCKADDR_NL_PID) != 0 || r == 0) {
                continue; // not from the kernel
            }
            int len = (int) Math.min(r, Math.min(MAX_DATAGRAM, bytes.length));
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, bytes, 0, len);
            return len;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.closeQuietly(fd);
            arena.close();
        }
    }
}
