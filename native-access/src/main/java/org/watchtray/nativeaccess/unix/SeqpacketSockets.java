package org.watchtray.nativeaccess.unix;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.Structs;

/**
 * Non-blocking {@code AF_UNIX}/{@code SOCK_SEQPACKET} sockets: each send is one packet and
 * each receive returns exactly one, so records never need reframing; a peer's credentials
 * come from the kernel ({@code SO_PEERCRED}, {@code SO_PEERGROUPS}), not from the peer.
 */
public final class SeqpacketSockets {
    private static final int MAX_PATH = 107; // sun_path[108] with its NUL

    private final Libc libc;

    public SeqpacketSockets(Libc libc) {
        this.libc = libc;
    }

    /** Who is on the other end: pid, uid, primary gid and supplementary groups, as the kernel saw them at connect. */
    public record Peer(int pid, int uid, int gid, List<Integer> groups) {
        public Peer {
            groups = List.copyOf(groups);
        }

        @Override
        public String toString() {
            return "pid " + pid + " uid " + uid + " gid " + gid;
        }
    }

    /** A bound, listening socket at {@code path}. The caller removes a stale file first. */
    public int listen(Path path, int backlog) throws OsException {
        int fd = libc.socket(Libc.AF_UNIX, Libc.SOCK_SEQPACKET | Libc.SOCK_NONBLOCK, 0);
        try (Arena arena = Arena.ofConfined()) {
            libc.bind(fd, address(arena, path), (int) Structs.SOCKADDR_UN.byteSize(), path.toString());
            libc.listen(fd, backlog);
            return fd;
        } catch (OsException | RuntimeException e) {
            libc.closeQuietly(fd);
            throw e;
        }
    }

    /** A connected, non-blocking socket to {@code path}; ENOENT, ECONNREFUSED, EACCES, EAGAIN are the usual failures. */
    public int connect(Path path) throws OsException {
        int fd = libc.socket(Libc.AF_UNIX, Libc.SOCK_SEQPACKET | Libc.SOCK_NONBLOCK, 0);
        try (Arena arena = Arena.ofConfined()) {
            libc.connect(fd, address(arena, path), (int) Structs.SOCKADDR_UN.byteSize(), path.toString());
            return fd;
        } catch (OsException | RuntimeException e) {
            libc.closeQuietly(fd);
            throw e;
        }
    }

    /** The peer's credentials and supplementary groups (the latter empty on kernels before 4.13). */
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
