package org.watchtray.agent;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.record.AgentRecordCodec;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.unix.SeqpacketSockets.Peer;

/**
 * One connected desktop session. Records wait in a bounded queue and are sent without ever
 * blocking (MSG_DONTWAIT); when the socket is full the rest waits for writability. When the
 * queue is full, new records are dropped and counted per source; as soon as there is room
 * again, one LOSS record per affected source is queued in their place, so the subscriber learns
 * in-band, at the right position, how many it missed.
 */
final class Subscriber implements AutoCloseable {
    enum Sent { ALL, BLOCKED, GONE }

    private final Libc libc;
    final int fd;
    final Peer peer;
    private final int capacity;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final Map<SourceId, Long> lost = new EnumMap<>(SourceId.class);
    private final Arena arena = Arena.ofConfined();
    private MemorySegment buffer = arena.allocate(4096);
    private long dropped;
    private long delivered;

    Subscriber(Libc libc, int fd, Peer peer, int capacity) {
        this.libc = libc;
        this.fd = fd;
        this.peer = peer;
        this.capacity = capacity;
    }

    /**
     * Queues one record about {@code source}, or counts it as lost when the queue is full.
     *
     * @return true when the record had to be dropped
     */
    boolean offer(SourceId source, byte[] record) {
        // Once something was dropped, later records wait behind the LOSS record: drop them too.
        if (queue.size() >= capacity || !lost.isEmpty()) {
            lost.merge(source, 1L, Long::sum);
            dropped++;
            return true;
        }
        queue.addLast(record);
        return false;
    }

    /** Queues records regardless of the bound (the connect-time snapshot, a handful of records). */
    void offerUnbounded(byte[] record) {
        queue.addLast(record);
    }

    /**
     * Queues the pending LOSS records once there is room for them; returns the sources they
     * were for (the caller then replays those sources' current state), empty otherwise.
     */
    Map<SourceId, Long> releaseLoss(Instant now) {
        if (lost.isEmpty() || queue.size() + lost.size() > capacity) {
            return Map.of();
        }
        Map<SourceId, Long> released = new EnumMap<>(lost);
        for (var e : lost.entrySet()) {
            queue.addLast(AgentRecordCodec.encode(new LossEvent(now, e.getKey(), e.getValue(),
                    "watchtray-agent queue for this session was full")));
        }
        lost.clear();
        return released;
    }

    /** Sends what the socket takes now. */
    Sent send() {
        while (!queue.isEmpty()) {
            byte[] record = queue.peekFirst();
            if (buffer.byteSize() < record.length) {
                buffer = arena.allocate(Math.max(record.length, buffer.byteSize() * 2));
            }
            MemorySegment.copy(record, 0, buffer, ValueLayout.JAVA_BYTE, 0, record.length);
            long n;
            try {
                n = libc.sendOrAgain(fd, buffer, record.length, Libc.MSG_DONTWAIT);
            } catch (OsException e) {
                return Sent.GONE; // EPIPE, ECONNRESET: the session went away
            }
            if (n < 0) {
                return Sent.BLOCKED;
            }
            queue.removeFirst();
            delivered++;
        }
        return Sent.ALL;
    }

    /** Reads and discards whatever the peer sent; false once it closed its end. */
    boolean drainInput() {
        while (true) {
            long n;
            try {
                n = libc.recvOrAgain(fd, buffer, buffer.byteSize(), Libc.MSG_DONTWAIT);
            } catch (OsException e) {
                return false; // ECONNRESET and the like: the session is gone
            }
            if (n < 0) {
                return true;
            }
            if (n == 0) {
                return false;
            }
        }
    }

    boolean full() {
        return queue.size() >= capacity;
    }

    int queued() {
        return queue.size();
    }

    long dropped() {
        return dropped;
    }

    long delivered() {
        return delivered;
    }

    @Override
    public void close() {
        libc.closeQuietly(fd);
        arena.close();
    }
}
