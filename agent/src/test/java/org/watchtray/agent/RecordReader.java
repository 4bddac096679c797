package org.watchtray.agent;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.watchtray.core.event.Event;
import org.watchtray.core.record.RecordDecoder;
import org.watchtray.core.record.WatchRecord;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.nativeaccess.libc.Structs;
import org.watchtray.nativeaccess.unix.SeqpacketSockets;

/**
 * A bare subscriber for tests: connects to the agent's socket and reads packets only when
 * asked, decoding them with the shared decoder. Not reading is how a test plays a slow desktop.
 */
final class RecordReader implements AutoCloseable {
    private final Libc libc = new LinuxLibc();
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buf = arena.allocate(70_000);
    private final MemorySegment pollfd = arena.allocate(Structs.POLLFD);
    private final List<WatchRecord> received = new ArrayList<>();
    private boolean eof;

    RecordReader(Path socket) throws OsException {
        this.fd = new SeqpacketSockets(libc).connect(socket);
    }

    /** Reads until {@code done} holds for everything received so far, EOF, or the timeout. */
    List<WatchRecord> readUntil(Predicate<List<WatchRecord>> done, long timeoutMillis) throws OsException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!eof && !done.test(java.util.Collections.unmodifiableList(received))) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            pollfd.set(JAVA_INT, Structs.POLLFD_FD, fd);
            pollfd.set(JAVA_SHORT, Structs.POLLFD_EVENTS, Libc.POLLIN);
            if (libc.poll(pollfd, 1, (int) Math.min(left, 200)) == 0) {
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

    /** Reads whatever is queued now without waiting. */
    List<WatchRecord> drainAvailable() throws OsException {
        drain();
        return List.copyOf(received);
    }

    private void drain() {
        while (!eof) {
            long n;
            try {
                n = libc.recvOrAgain(fd, buf, buf.byteSize(), Libc.MSG_DONTWAIT);
            } catch (OsException e) {
                eof = true; // ECONNRESET after the agent closed on us
                break;
            }
            if (n < 0) {
                break;
            }
            if (n == 0) {
                eof = true;
                break;
            }
            byte[] bytes = buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            received.addAll(RecordDecoder.decode(bytes));
        }
    }

    boolean eof() {
        return eof;
    }

    List<WatchRecord> received() {
        return List.copyOf(received);
    }

    static List<Event> events(List<WatchRecord> records) {
        return records.stream().filter(r -> r instanceof WatchRecord.AgentEvent).map(r -> ((WatchRecord.AgentEvent) r).event()).toList();
    }

    /** One line per record, for test output and the probe client. */
    static String describe(WatchRecord r) {
        return switch (r) {
            case WatchRecord.AgentHello h -> "HELLO protocol " + h.protocolVersion() + " " + h.agent();
            case WatchRecord.SnapshotMarker m -> m.boundary() + " " + m.source().wireName();
            case WatchRecord.AgentEvent a -> "EVENT " + a.event().name() + " " + a.event().summary();
            default -> r.toString();
        };
    }

    @Override
    public void close() {
        libc.closeQuietly(fd);
        arena.close();
    }
}
