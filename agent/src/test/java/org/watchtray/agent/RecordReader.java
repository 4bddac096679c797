package org.watchtray.agent;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.watchtray.core.agent.SeqpacketSockets;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;
import org.watchtray.core.record.AgentRecordCodec;
import org.watchtray.core.record.RecordDecoder;
import org.watchtray.core.record.WatchRecord;
import org.watchtray.core.record.WatchTypes;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * A bare subscriber for tests: connects to the agent's socket and reads packets only when
 * asked, decoding them with the shared decoder. Not reading is how a test plays a slow
 * desktop; not saying HELLO is how it plays a desktop of protocol 1.
 */
final class RecordReader implements AutoCloseable {
    private static final NativeAccess NATIVE = NativeAccess.linux();
    private final SeqpacketSockets sockets = NATIVE.seqpacketSockets();
    private final Libc libc = NATIVE.libc();
    private final int fd;
    private final byte[] buf = new byte[WatchTypes.WATCHTRAY_MAX_RECORD + 1];
    private final List<WatchRecord> received = new ArrayList<>();
    /** The type and subtype of every record received, as a desktop of protocol 1 would have to know them. */
    private final List<String> shapes = new ArrayList<>();
    private boolean eof;

    RecordReader(Path socket) throws OsException {
        this.fd = sockets.connect(socket);
    }

    /**
     * Says this subscriber speaks the current protocol, as a desktop does right after
     * connecting; an agent that refuses it may have closed already (EPIPE), as for a desktop.
     */
    RecordReader hello() {
        byte[] hello = AgentRecordCodec.hello(Instant.now(), WatchTypes.AGENT_PROTOCOL_VERSION, "record reader");
        try {
            sockets.send(fd, hello, 0, hello.length);
        } catch (OsException e) {
            // What the agent sent before it closed is still there to read.
        }
        return this;
    }

    RecordReader send(byte[] packet) throws OsException {
        if (!sockets.send(fd, packet, 0, packet.length)) {
            throw new AssertionError("the socket to the agent is full");
        }
        return this;
    }

    /** Reads until {@code done} holds for everything received so far, EOF, or the timeout. */
    List<WatchRecord> readUntil(Predicate<List<WatchRecord>> done, long timeoutMillis) throws OsException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!eof && !done.test(java.util.Collections.unmodifiableList(received))) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            if (libc.poll(fd, Libc.POLLIN, (int) Math.min(left, 200)) == 0) {
                continue;
            }
            drain();
        }
        return List.copyOf(received);
    }

    /** Reads until {@code n} records matching {@code matches} arrived (counted as they come), EOF, or the timeout. */
    List<WatchRecord> readCount(Predicate<WatchRecord> matches, long n, long timeoutMillis) throws OsException {
        long[] seen = {received.stream().filter(matches).count()};
        int[] checked = {received.size()};
        return readUntil(rs -> {
            for (int i = checked[0]; i < rs.size(); i++) {
                if (matches.test(rs.get(i))) {
                    seen[0]++;
                }
            }
            checked[0] = rs.size();
            return seen[0] >= n;
        }, timeoutMillis);
    }

    private void drain() {
        while (!eof) {
            int n;
            try {
                n = sockets.receive(fd, buf);
            } catch (OsException e) {
                eof = true; // ECONNRESET after the agent closed on us
                break;
            }
            if (n == SeqpacketSockets.AGAIN) {
                break;
            }
            if (n == SeqpacketSockets.CLOSED) {
                eof = true;
                break;
            }
            if (n >= WatchTypes.HEADER_SIZE) { // the agent sends one record per packet
                int w0 = (buf[0] & 0xFF) | (buf[1] & 0xFF) << 8 | (buf[2] & 0xFF) << 16 | (buf[3] & 0xFF) << 24;
                shapes.add(String.format("%06x/%d", w0 & 0xFFFFFF, w0 >>> 24));
            }
            received.addAll(RecordDecoder.decode(buf, 0, n));
        }
    }

    boolean eof() {
        return eof;
    }

    List<WatchRecord> received() {
        return List.copyOf(received);
    }

    /** "575400/0" … for every record received: what a decoder must know to read this stream. */
    List<String> shapes() {
        return List.copyOf(shapes);
    }

    static List<Event> events(List<WatchRecord> records) {
        return records.stream().filter(r -> r instanceof WatchRecord.AgentEvent).map(r -> ((WatchRecord.AgentEvent) r).event()).toList();
    }

    /** One line per record, for test output and the probe client. */
    static String describe(WatchRecord r) {
        return switch (r) {
            case WatchRecord.AgentHello h -> "HELLO protocol " + h.protocolVersion() + " " + h.agent();
            case WatchRecord.SessionProtocol p -> "PROTOCOL " + p.protocolVersion();
            case WatchRecord.SnapshotMarker m -> m.boundary() + " " + m.source().wireName();
            case WatchRecord.AgentEvent a -> "EVENT " + a.event().name() + " " + EnglishSummary.of(a.event());
            case WatchRecord.AgentReading a -> "READING " + a.reading().getClass().getSimpleName() + " " + a.reading().source().wireName();
            default -> r.toString();
        };
    }

    @Override
    public void close() {
        sockets.close(fd);
    }
}
