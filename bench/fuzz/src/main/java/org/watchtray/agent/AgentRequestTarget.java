package org.watchtray.agent;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.watchtray.core.agent.SeqpacketSockets;
import org.watchtray.core.record.AgentRecordCodec;
import org.watchtray.fuzz.Target;

/**
 * What a desktop session (any member of the agent's group, so not trusted) sends the agent,
 * read the way the agent's server reads it ({@link Subscriber#readInput}): packets of up to a
 * receive buffer each, truncated by the socket beyond it. The input is a chain of packets,
 * each a little-endian u16 length then that many bytes. Nothing a peer sends may throw on the
 * agent's one backend thread; a HELLO names a protocol version in 0..65535.
 */
public final class AgentRequestTarget implements Target {
    private static final int BUFFER = 512;

    @Override
    public String name() {
        return "agent-request";
    }

    @Override
    public List<byte[]> seeds() {
        byte[] hello = AgentRecordCodec.hello(Instant.ofEpochSecond(1_700_000_000L), 2, "watchtray 0.1.0");
        return List.of(framed(hello), framed(hello, new byte[0], hello), framed(new byte[0]), framed(Arrays.copyOf(hello, 8)));
    }

    @Override
    public void run(byte[] input) {
        Deque<byte[]> packets = new ArrayDeque<>();
        int at = 0;
        while (at + 2 <= input.length) {
            int length = Math.min((input[at] & 0xFF) | (input[at + 1] & 0xFF) << 8, input.length - at - 2);
            packets.add(Arrays.copyOfRange(input, at + 2, at + 2 + length));
            at += 2 + length;
        }
        Subscriber s = new Subscriber(new Packets(packets), 3, new SeqpacketSockets.Peer(1, 1000, 1000, List.of()), 4);
        byte[] buffer = new byte[BUFFER];
        while (true) {
            Subscriber.Input in = s.readInput(buffer);
            if (in.hello() < 0 || in.hello() > 0xFFFF) {
                throw new AssertionError("a HELLO read as protocol " + in.hello());
            }
            if (in.closed()) {
                return;
            }
        }
    }

    private static byte[] framed(byte[]... packets) {
        int size = 0;
        for (byte[] p : packets) {
            size += 2 + p.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] p : packets) {
            out[at] = (byte) p.length;
            out[at + 1] = (byte) (p.length >>> 8);
            System.arraycopy(p, 0, out, at + 2, p.length);
            at += 2 + p.length;
        }
        return out;
    }

    /** One peer's socket: its packets, each cut to the receive buffer as SOCK_SEQPACKET does, then the end. */
    private record Packets(Deque<byte[]> queue) implements SeqpacketSockets {
        @Override
        public int receive(int fd, byte[] buf) {
            byte[] p = queue.poll();
            if (p == null) {
                return CLOSED;
            }
            int n = Math.min(p.length, buf.length);
            System.arraycopy(p, 0, buf, 0, n);
            return n;
        }

        @Override
        public int listen(Path path, int backlog) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int connect(Path path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int acceptOrAgain(int listenFd) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Peer peer(int fd) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean send(int fd, byte[] packet, int off, int len) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void shutdown(int fd) {
        }

        @Override
        public void close(int fd) {
        }
    }
}
