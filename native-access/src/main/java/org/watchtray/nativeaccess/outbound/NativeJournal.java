package org.watchtray.nativeaccess.outbound;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.watchtray.core.journal.Delivery;
import org.watchtray.core.journal.JournalField;
import org.watchtray.core.journal.JournalSink;
import org.watchtray.core.journal.JournalWire;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.Native;
import org.watchtray.nativeaccess.libc.Structs;

/**
 * journald's native protocol over one unconnected {@code AF_UNIX}/{@code SOCK_DGRAM} socket:
 * each entry is one {@code sendmsg} to the socket's path, so a journald that restarts is found
 * again with no reconnecting. journald's receive queue holds only net.unix.max_dgram_qlen
 * datagrams (10 on Debian), so a burst must be allowed to wait for it: the socket has a send
 * timeout ({@code SO_SNDTIMEO}) and a send that finds no room within it fails with EAGAIN,
 * never waiting longer. Only the journal writer's own thread sends. An entry larger than a
 * datagram may be ({@code EMSGSIZE}, or {@code ENOBUFS}) goes as a sealed memfd passed with
 * {@code SCM_RIGHTS} in an empty datagram, as journald requires. Native memory (address,
 * header, buffer) is allocated once and reused; calls are serialised.
 */
final class NativeJournal implements JournalSink {
    private static final int MAX_PATH = 107; // sun_path[108] with its NUL
    private static final long INITIAL_BUFFER = 16 * 1024;

    private final Libc libc;
    private final String path;
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment address;
    private final MemorySegment msghdr;
    private final MemorySegment iovec;
    private final MemorySegment control;
    private MemorySegment buffer;
    private boolean closed;

    private NativeJournal(Libc libc, Path socket, int fd) {
        this.libc = libc;
        this.path = socket.toString();
        this.fd = fd;
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        address = arena.allocate(Structs.SOCKADDR_UN);
        address.set(JAVA_SHORT, 0, (short) Libc.AF_UNIX);
        MemorySegment.copy(p, 0, address, JAVA_BYTE, Structs.SOCKADDR_UN_PATH, p.length);
        msghdr = arena.allocate(OutboundStructs.MSGHDR);
        iovec = arena.allocate(OutboundStructs.IOVEC);
        control = arena.allocate(OutboundStructs.CMSG_SPACE_ONE_FD, 8);
        buffer = arena.allocate(INITIAL_BUFFER);
    }

    static NativeJournal open(Libc libc, Path socket, Duration sendTimeout) throws OsException {
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH) {
            throw new OsException("socket", socket.toString(), Errno.ENAMETOOLONG, "socket path longer than 107 bytes");
        }
        if (sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("send timeout must be positive (zero would mean: wait forever)");
        }
        int fd = libc.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timeout = arena.allocate(OutboundStructs.TIMEVAL);
            timeout.set(JAVA_LONG, OutboundStructs.TIMEVAL_SEC, sendTimeout.toSeconds());
            timeout.set(JAVA_LONG, OutboundStructs.TIMEVAL_USEC, sendTimeout.toMillisPart() * 1000L);
            libc.setsockopt(fd, OutboundCalls.SOL_SOCKET, OutboundCalls.SO_SNDTIMEO, timeout, (int) OutboundStructs.TIMEVAL.byteSize());
        } catch (OsException | RuntimeException e) {
            libc.closeQuietly(fd);
            throw e;
        }
        return new NativeJournal(libc, socket, fd);
    }

    @Override
    public String describe() {
        return "native protocol to " + path;
    }

    @Override
    public synchronized Delivery send(List<JournalField> entry) {
        if (closed) {
            return new Delivery(Delivery.Outcome.FAILED, "the journal socket is closed");
        }
        byte[] bytes = JournalWire.encode(entry);
        if (buffer.byteSize() < bytes.length) {
            buffer = arena.allocate(Math.max(bytes.length, buffer.byteSize() * 2));
        }
        MemorySegment.copy(bytes, 0, buffer, JAVA_BYTE, 0, bytes.length);
        iovec.set(java.lang.foreign.ValueLayout.ADDRESS, OutboundStructs.IOVEC_BASE, buffer);
        iovec.set(JAVA_LONG, OutboundStructs.IOVEC_LEN, bytes.length);
        header(iovec, 1, MemorySegment.NULL, 0);
        long r = sendRetryingEintr();
        if (r >= 0) {
            return Delivery.SENT;
        }
        int errno = Native.errno();
        if (Errno.of(errno) == Errno.EMSGSIZE || Errno.of(errno) == Errno.ENOBUFS) {
            return sendAsMemfd(bytes.length);
        }
        return failure("sendmsg", errno);
    }

    /** Writes the entry (already in {@link #buffer}) to a sealed memfd and sends its descriptor alone. */
    private Delivery sendAsMemfd(int length) {
        int memfd = OutboundCalls.memfd_create("watchtray-journal-entry", OutboundCalls.MFD_CLOEXEC | OutboundCalls.MFD_ALLOW_SEALING);
        if (memfd < 0) {
            return failure("memfd_create", Native.errno());
        }
        try {
            long written = 0;
            while (written < length) {
                written += libc.write(memfd, buffer.asSlice(written), length - written);
            }
            int seals = OutboundCalls.F_SEAL_SHRINK | OutboundCalls.F_SEAL_GROW | OutboundCalls.F_SEAL_WRITE | OutboundCalls.F_SEAL_SEAL;
            if (OutboundCalls.fcntl(memfd, OutboundCalls.F_ADD_SEALS, seals) < 0) {
                return failure("fcntl F_ADD_SEALS", Native.errno());
            }
            control.fill((byte) 0);
            control.set(JAVA_LONG, OutboundStructs.CMSGHDR_LEN, OutboundStructs.CMSG_LEN_ONE_FD);
            control.set(JAVA_INT, OutboundStructs.CMSGHDR_LEVEL, OutboundCalls.SOL_SOCKET);
            control.set(JAVA_INT, OutboundStructs.CMSGHDR_TYPE, OutboundCalls.SCM_RIGHTS);
            control.set(JAVA_INT, OutboundStructs.CMSG_DATA, memfd);
            header(MemorySegment.NULL, 0, control, OutboundStructs.CMSG_SPACE_ONE_FD);
            return sendRetryingEintr() >= 0 ? Delivery.SENT : failure("sendmsg with a memfd", Native.errno());
        } catch (OsException e) {
            return new Delivery(Delivery.Outcome.FAILED, e.getMessage());
        } finally {
            libc.closeQuietly(memfd);
        }
    }

    private void header(MemorySegment iov, long iovlen, MemorySegment ctl, long ctlLen) {
        msghdr.set(java.lang.foreign.ValueLayout.ADDRESS, OutboundStructs.MSGHDR_NAME, address);
        msghdr.set(JAVA_INT, OutboundStructs.MSGHDR_NAMELEN, (int) Structs.SOCKADDR_UN.byteSize());
        msghdr.set(java.lang.foreign.ValueLayout.ADDRESS, OutboundStructs.MSGHDR_IOV, iov);
        msghdr.set(JAVA_LONG, OutboundStructs.MSGHDR_IOVLEN, iovlen);
        msghdr.set(java.lang.foreign.ValueLayout.ADDRESS, OutboundStructs.MSGHDR_CONTROL, ctl);
        msghdr.set(JAVA_LONG, OutboundStructs.MSGHDR_CONTROLLEN, ctlLen);
    }

    private long sendRetryingEintr() {
        long r;
        do {
            r = OutboundCalls.sendmsg(fd, msghdr, OutboundCalls.MSG_NOSIGNAL);
        } while (r < 0 && Native.lastErrno() == Errno.EINTR);
        return r;
    }

    private Delivery failure(String call, int errno) {
        Delivery.Outcome outcome = switch (Errno.of(errno)) {
            case Errno.EAGAIN, Errno.ENOBUFS -> Delivery.Outcome.BUSY;
            case Errno.ENOENT, Errno.ECONNREFUSED -> Delivery.Outcome.ABSENT;
            default -> Delivery.Outcome.FAILED;
        };
        return new Delivery(outcome, new OsException(call, path, errno, Native.strerror(errno)).getMessage());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        libc.closeQuietly(fd);
        arena.close();
    }
}
