package org.watchtray.nativeaccess.unix;

import static org.watchtray.core.os.Libc.POLLHUP;
import static org.watchtray.core.os.Libc.POLLIN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.agent.SeqpacketSockets;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.nativeaccess.libc.Native;
import org.watchtray.nativeaccess.libc.Structs;

/** {@link SeqpacketSockets} over socket(2), accept4(2), send(2), recv(2); reached through {@code NativeAccess.seqpacketSockets}. */
public final class UnixSeqpacketSockets implements SeqpacketSockets {
    private static final int MAX_PATH = 107; // sun_path[108] with its NUL
    /** POLLRDHUP: the peer shut down its writing side (or closed). */
    private static final int POLLRDHUP = 0x2000;
    /** FIONREAD (SIOCINQ): for a SOCK_SEQPACKET socket, the bytes of every packet still queued. */
    private static final long FIONREAD = 0x541B;

    private final LinuxLibc libc;

    public UnixSeqpacketSockets(LinuxLibc libc) {
        this.libc = libc;
    }

    @Override
    public int listen(Path path, int backlog) throws OsException {
        return socketAt(path, (fd, addr) -> {
            libc.bind(fd, addr, (int) Structs.SOCKADDR_UN.byteSize(), path.toString());
            libc.listen(fd, backlog);
        });
    }

    @Override
    public int connect(Path path) throws OsException {
        return socketAt(path, (fd, addr) -> libc.connect(fd, addr, (int) Structs.SOCKADDR_UN.byteSize(), path.toString()));
    }

    private interface AddressCall {
        void apply(int fd, MemorySegment address) throws OsException;
    }

    /** A new non-blocking socket, bound or connected to {@code path} by {@code call}; closed again if that fails. */
    private int socketAt(Path path, AddressCall call) throws OsException {
        int fd = libc.socket(Libc.AF_UNIX, Libc.SOCK_SEQPACKET | Libc.SOCK_NONBLOCK, 0);
        try (Arena arena = Arena.ofConfined()) {
            call.apply(fd, address(arena, path));
            return fd;
        } catch (OsException | RuntimeException e) {
            libc.closeQuietly(fd);
            throw e;
        }
    }

    @Override
    public int acceptOrAgain(int listenFd) throws OsException {
        while (true) {
            try {
                return libc.accept4OrAgain(listenFd, Libc.SOCK_NONBLOCK);
            } catch (OsException e) {
                if (e.errno() != Errno.ECONNABORTED) {
                    throw e;
                }
                // The peer gave up before we accepted: take the next one.
            }
        }
    }

    @Override
    public Peer peer(int fd) throws OsException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cred = arena.allocate(Structs.UCRED);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, (int) Structs.UCRED.byteSize());
            libc.getsockopt(fd, Libc.SOL_SOCKET, Libc.SO_PEERCRED, cred, len);
            List<Integer> groups = new ArrayList<>();
            MemorySegment gids = arena.allocate(JAVA_INT, 256);
            len.set(JAVA_INT, 0, (int) gids.byteSize());
            try {
                libc.getsockopt(fd, Libc.SOL_SOCKET, Libc.SO_PEERGROUPS, gids, len);
                int n = len.get(JAVA_INT, 0) / 4;
                for (int i = 0; i < n; i++) {
                    groups.add(gids.getAtIndex(JAVA_INT, i));
                }
            } catch (OsException e) {
                if (e.errno() != Errno.ENOPROTOOPT && e.errno() != Errno.ERANGE) {
                    throw e;
                }
                // ENOPROTOOPT: kernel < 4.13; ERANGE: more than 256 groups. The primary gid still counts.
            }
            return new Peer(cred.get(JAVA_INT, Structs.UCRED_PID), cred.get(JAVA_INT, Structs.UCRED_UID),
                    cred.get(JAVA_INT, Structs.UCRED_GID), groups);
        }
    }

    @Override
    public boolean send(int fd, byte[] packet, int off, int len) throws OsException {
        java.util.Objects.checkFromIndexSize(off, len, packet.length);
        MemorySegment scratch = Native.scratch(Math.max(len, 1));
        MemorySegment.copy(packet, off, scratch, JAVA_BYTE, 0, len);
        return libc.sendOrAgain(fd, scratch, len, Libc.MSG_DONTWAIT) >= 0;
    }

    @Override
    public int receive(int fd, byte[] buf) throws OsException {
        MemorySegment scratch = Native.scratch(Math.max(buf.length, 1));
        long n = libc.recvOrAgain(fd, scratch, buf.length, Libc.MSG_DONTWAIT);
        if (n < 0) {
            return AGAIN;
        }
        if (n > 0) {
            MemorySegment.copy(scratch, JAVA_BYTE, 0, buf, 0, (int) n);
            return (int) n;
        }
        // recv returns 0 both for an empty packet and at the end of the connection. It is the
        // end only when the peer has shut down and no packet with bytes is left behind it.
        int revents = libc.poll(fd, POLLIN | POLLRDHUP, 0);
        if ((revents & (POLLRDHUP | POLLHUP)) == 0) {
            return 0;
        }
        return queuedBytes(fd) > 0 ? 0 : CLOSED;
    }

    private int queuedBytes(int fd) throws OsException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            libc.ioctl(fd, FIONREAD, count, "FIONREAD fd " + fd);
            return count.get(JAVA_INT, 0);
        }
    }

    @Override
    public void shutdown(int fd) throws OsException {
        libc.shutdown(fd, Libc.SHUT_RDWR);
    }

    @Override
    public void close(int fd) {
        libc.closeQuietly(fd);
    }

    private static MemorySegment address(Arena arena, Path path) throws OsException {
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        if (p.length > MAX_PATH) {
            throw new OsException("bind/connect", path.toString(), Errno.ENAMETOOLONG, "socket path longer than 107 bytes");
        }
        MemorySegment addr = arena.allocate(Structs.SOCKADDR_UN);
        addr.set(JAVA_SHORT, 0, (short) Libc.AF_UNIX);
        MemorySegment.copy(p, 0, addr, JAVA_BYTE, Structs.SOCKADDR_UN_PATH, p.length);
        return addr;
    }
}
