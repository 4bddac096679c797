package org.watchtray.core.agent;

import java.nio.file.Path;
import java.util.List;
import org.watchtray.core.os.OsException;

/**
 * Non-blocking {@code AF_UNIX}/{@code SOCK_SEQPACKET} sockets, the agent's transport: each
 * send is one packet and each receive returns exactly one, so records never need reframing; a
 * peer's credentials come from the kernel ({@code SO_PEERCRED}, {@code SO_PEERGROUPS}), not
 * from the peer. Implemented in native-access ({@code NativeAccess.seqpacketSockets}).
 */
public interface SeqpacketSockets {
    /** {@link #receive}/{@link #acceptOrAgain}: nothing is pending now. */
    int AGAIN = -1;
    /** {@link #receive}: the peer closed its end and nothing more will come. */
    int CLOSED = -2;

    /** Who is on the other end: pid, uid, primary gid and supplementary groups, as the kernel saw them at connect. */
    record Peer(int pid, int uid, int gid, List<Integer> groups) {
        public Peer {
            groups = List.copyOf(groups);
        }

        @Override
        public String toString() {
            return "pid " + pid + " uid " + uid + " gid " + gid;
        }
    }

    /** A bound, listening, non-blocking socket at {@code path}. The caller removes a stale file first. */
    int listen(Path path, int backlog) throws OsException;

    /** A connected, non-blocking socket to {@code path}; ENOENT, ECONNREFUSED, EACCES, EAGAIN are the usual failures. */
    int connect(Path path) throws OsException;

    /**
     * Accepts one pending connection as a non-blocking socket, or {@link #AGAIN}. EMFILE and
     * ENFILE (out of descriptors) are thrown: the connection then stays pending.
     */
    int acceptOrAgain(int listenFd) throws OsException;

    /** The peer's credentials and supplementary groups (the latter empty on kernels before 4.13). */
    Peer peer(int fd) throws OsException;

    /**
     * Sends {@code packet[off, off + len)} as one packet without blocking: false when the
     * socket is full (EAGAIN). EPIPE and ECONNRESET are thrown: the peer is gone.
     */
    boolean send(int fd, byte[] packet, int off, int len) throws OsException;

    /**
     * Receives one packet into {@code buf} without blocking: its length (0 for an empty
     * packet, which is not the end of the connection), {@link #AGAIN}, or {@link #CLOSED}. A
     * packet longer than {@code buf} is cut to it.
     */
    int receive(int fd, byte[] buf) throws OsException;

    /** Ends both directions: the peer reads what was sent, then the end; it can send nothing more. */
    void shutdown(int fd) throws OsException;

    void close(int fd);
}
