package org.watchtray.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.watchtray.core.agent.SeqpacketSockets;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;
import org.watchtray.core.record.AgentRecordCodec;
import org.watchtray.core.record.RecordDecoder;
import org.watchtray.core.record.WatchRecord;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * watchtray-agent as it was before readings (protocol 1, docs/wire-format.md §6 as of its
 * release): on connect HELLO with version 1, then per source a snapshot of the events it
 * decided with its own thresholds; whatever the desktop sends it reads and ignores. It serves
 * one session, on the test's thread. The records are the documented ones (their encodings are
 * checked against the golden vectors by GoldenVectorsTest).
 */
final class OldAgent implements AutoCloseable {
    /** The pool as the old agent decided it with its thresholds (80 …): past 90 %. */
    static final ThinPoolEvent DECIDED = new ThinPoolEvent(Instant.parse("2025-03-01T12:00:00.250Z"), ThinPoolEvent.Change.DATA_THRESHOLD,
            Severity.WARNING, "vg0-pool-tpool", "vg0/pool", 91.5, 12.25, 90, Duration.ofMinutes(40), "rw");

    private final SeqpacketSockets sockets = NativeAccess.linux().seqpacketSockets();
    private final Libc libc = NativeAccess.linux().libc();
    private final int listenFd;
    private int fd = -1;
    /** What the desktop sent, decoded. */
    final List<WatchRecord> fromDesktop = new CopyOnWriteArrayList<>();

    OldAgent(Path socket) throws OsException {
        listenFd = sockets.listen(socket, 4);
    }

    /** Accepts the desktop and greets it the protocol-1 way. */
    OldAgent serve() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((fd = sockets.acceptOrAgain(listenFd)) == SeqpacketSockets.AGAIN) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no desktop connected");
            }
            libc.poll(listenFd, Libc.POLLIN, 100);
        }
        Instant now = Instant.now();
        send(AgentRecordCodec.hello(now, 1, "watchtray-agent 0.1"));
        send(AgentRecordCodec.snapshotBegin(now, SourceId.THINPOOL));
        send(AgentRecordCodec.encode(new SourceStatusEvent(now, SourceStatus.active(SourceId.THINPOOL,
                "DM_DEV_ARM_POLL + poll() on /dev/mapper/control (dm ioctl 4.47.0)"))));
        send(AgentRecordCodec.encode(DECIDED));
        send(AgentRecordCodec.snapshotEnd(now, SourceId.THINPOOL));
        send(AgentRecordCodec.snapshotBegin(now, SourceId.USB));
        send(AgentRecordCodec.encode(new SourceStatusEvent(now, SourceStatus.active(SourceId.USB,
                "/dev/kmsg records with SUBSYSTEM=usb + NETLINK_KOBJECT_UEVENT group 1"))));
        send(AgentRecordCodec.snapshotEnd(now, SourceId.USB));
        return this;
    }

    void send(Event event) throws OsException {
        send(AgentRecordCodec.encode(event));
    }

    private void send(byte[] record) throws OsException {
        if (!sockets.send(fd, record, 0, record.length)) {
            throw new AssertionError("desktop socket full");
        }
    }

    /** Reads (and, as the old agent did, otherwise ignores) what the desktop sent so far. */
    List<WatchRecord> drain() throws OsException {
        byte[] buf = new byte[4096];
        for (int n; (n = sockets.receive(fd, buf)) >= 0; ) {
            fromDesktop.addAll(RecordDecoder.decode(buf, 0, n));
        }
        return List.copyOf(fromDesktop);
    }

    @Override
    public void close() {
        if (fd >= 0) {
            sockets.close(fd);
        }
        sockets.close(listenFd);
    }
}
