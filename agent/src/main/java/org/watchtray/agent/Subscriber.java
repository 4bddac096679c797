package org.watchtray.agent;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import org.watchtray.core.agent.SeqpacketSockets;
import org.watchtray.core.agent.SeqpacketSockets.Peer;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.os.OsException;
import org.watchtray.core.record.AgentRecordCodec;
import org.watchtray.core.record.RecordDecoder;
import org.watchtray.core.record.WatchRecord;
import org.watchtray.core.record.WatchTypes;

/**
 * One connected desktop session. Records wait in a bounded queue and are sent without ever
 * blocking; when the socket is full the rest waits for writability. When the queue is full,
 * new records are dropped and counted per source; as soon as there is room again, one LOSS
 * record per affected source is queued in their place, so the subscriber learns in-band, at
 * the right position, how many it missed.
 *
 * <p>A session speaks protocol 1 until the desktop's HELLO says it speaks a later one.
 */
final class Subscriber implements AutoCloseable {
    enum Sent { ALL, BLOCKED, GONE }

    /** What the peer sent since the last look: whether it closed its end, and the version its HELLO named (0: none). */
    record Input(boolean closed, int hello) {
    }

    /** Packets read per readiness callback, so a chatty peer cannot hold the backend thread. */
    private static final int PACKETS_PER_CALL = 16;

    private final SeqpacketSockets sockets;
    final int fd;
    final Peer peer;
    private final int capacity;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final Map<SourceId, Long> lost = new EnumMap<>(SourceId.class);
    private int protocol = WatchTypes.AGENT_PROTOCOL_FIRST;
    private long dropped;
    private long delivered;

    Subscriber(SeqpacketSockets sockets, int fd, Peer peer, int capacity) {
        this.sockets = sockets;
        this.fd = fd;
        this.peer = peer;
        this.capacity = capacity;
    }

    int protocol() {
        return protocol;
    }

    void protocol(int version) {
        this.protocol = version;
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

    /** Queues records regardless of the bound (the greeting and snapshots, a handful of records). */
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
            try {
                if (!sockets.send(fd, record, 0, record.length)) {
                    return Sent.BLOCKED;
                }
            } catch (OsException e) {
                return Sent.GONE; // EPIPE, ECONNRESET: the session went away
            }
            queue.removeFirst();
            delivered++;
        }
        return Sent.ALL;
    }

    /**
     * Reads what the peer sent (nothing it sends is trusted: only a HELLO means anything). An
     * empty packet is just that, not the end of the connection.
     */
    Input readInput(byte[] buffer) {
        int hello = 0;
        for (int i = 0; i < PACKETS_PER_CALL; i++) {
            int n;
            try {
                n = sockets.receive(fd, buffer);
            } catch (OsException e) {
                return new Input(true, hello); // ECONNRESET and the like: the session is gone
            }
            if (n == SeqpacketSockets.AGAIN) {
                break;
            }
            if (n == SeqpacketSockets.CLOSED) {
                return new Input(true, hello);
            }
            for (WatchRecord r : RecordDecoder.decode(buffer, 0, n)) {
                if (r instanceof WatchRecord.AgentHello h && h.protocolVersion() > 0) {
                    hello = h.protocolVersion();
                }
            }
        }
        return new Input(false, hello);
    }

    boolean full() {
        return queue.size() >= capacity;
    }

    long dropped() {
        return dropped;
    }

    long delivered() {
        return delivered;
    }

    /**
     * Ends a session the agent refuses: what was queued is sent, then both directions are shut
     * down and what the peer had sent is read away before closing. Closing a socket with
     * unread input would make the peer's next receive fail with ECONNRESET, losing the reason
     * it was about to read.
     */
    void refuse(byte[] buffer) {
        send(); // best effort, never waits
        try {
            sockets.shutdown(fd);
        } catch (OsException e) {
            // Gone already: nothing left to tell it.
        }
        readInput(buffer);
        close();
    }

    @Override
    public void close() {
        sockets.close(fd);
    }
}
