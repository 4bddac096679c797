package org.watchtray.agent.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.watchtray.agent.Agent;
import org.watchtray.agent.AgentConfig;
import org.watchtray.agent.outputs.AgentOutputs;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.record.RecordDecoder;
import org.watchtray.core.record.WatchRecord;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.nativeaccess.unix.SeqpacketSockets;

/**
 * Inside the lab VM: starts a real agent and subscribes to it through its socket, the way a
 * desktop does, printing every record it receives as one line for the host-side test to check.
 */
final class LabSubscriber implements AutoCloseable {
    private final long t0 = System.nanoTime();
    private final String tag;
    private final Agent agent;
    private final int fd;
    private final LinuxLibc libc = new LinuxLibc();
    private final Thread reader;
    final List<WatchRecord> records = new CopyOnWriteArrayList<>();

    /** Built from an {@link AgentConfig}, not the command line: picocli's reflection costs ~20 s under emulation. */
    LabSubscriber(String tag, AgentConfig config) throws Exception {
        this(tag, config, AgentOutputs.Config.none());
    }

    /** With the agent's outputs (journal, hooks, textfile) as configured. */
    LabSubscriber(String tag, AgentConfig config, AgentOutputs.Config outputs) throws Exception {
        this.tag = tag;
        this.agent = Agent.start(config, outputs);
        Path socket = config.socket();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Files.exists(socket) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        this.fd = new SeqpacketSockets(libc).connect(socket); // the agent renames its socket into place once it listens
        reader = Thread.ofPlatform().daemon().name("lab-reader " + tag).start(this::read);
    }

    private void read() {
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            var buf = arena.allocate(70_000);
            var pollfd = arena.allocate(org.watchtray.nativeaccess.libc.Structs.POLLFD);
            while (true) {
                pollfd.set(java.lang.foreign.ValueLayout.JAVA_INT, org.watchtray.nativeaccess.libc.Structs.POLLFD_FD, fd);
                pollfd.set(java.lang.foreign.ValueLayout.JAVA_SHORT, org.watchtray.nativeaccess.libc.Structs.POLLFD_EVENTS, org.watchtray.nativeaccess.libc.Libc.POLLIN);
                libc.poll(pollfd, 1, 1000);
                long n;
                while ((n = libc.recvOrAgain(fd, buf, buf.byteSize(), org.watchtray.nativeaccess.libc.Libc.MSG_DONTWAIT)) > 0) {
                    byte[] bytes = buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                    for (WatchRecord r : RecordDecoder.decode(bytes)) {
                        records.add(r);
                        print(r);
                    }
                }
                if (n == 0) {
                    System.out.println(tag + " EOF");
                    return;
                }
            }
        } catch (Exception e) {
            System.out.println(tag + " READER FAILED " + e);
        }
    }

    private synchronized void print(WatchRecord r) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String line = switch (r) {
            case WatchRecord.AgentHello h -> "HELLO " + h.protocolVersion();
            case WatchRecord.SnapshotMarker m -> m.boundary() + " " + m.source().wireName();
            case WatchRecord.AgentEvent a -> describe(a.event());
            default -> "OTHER " + r;
        };
        System.out.println(tag + " " + ms + " " + line);
    }

    static String describe(Event e) {
        return switch (e) {
            case ThinPoolEvent t -> String.format(Locale.ROOT, "TP %s pool=%s threshold=%d data=%.1f meta=%.1f fullIn=%s mode=%s | %s",
                    t.change(), t.pool(), t.threshold(), t.dataPercent(), t.metadataPercent(),
                    t.fullIn() == null ? "-" : t.fullIn().toSeconds() + "s", t.mode(), t.summary());
            case UsbEvent u -> String.format(Locale.ROOT, "USB %s port=%s product=%s errno=%d count=%d | %s",
                    u.change(), u.port(), u.product(), u.errno(), u.count(), u.summary());
            case SourceStatusEvent s -> "STATUS " + s.status().describe();
            default -> "EVENT " + e.name() + " | " + e.summary();
        };
    }

    /** Waits until a record matches, up to {@code millis}. */
    boolean await(java.util.function.Predicate<WatchRecord> p, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (records.stream().anyMatch(p)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    boolean awaitSnapshot(SourceId source) throws InterruptedException {
        return await(r -> r instanceof WatchRecord.SnapshotMarker m && m.boundary() == WatchRecord.SnapshotMarker.Boundary.END
                && m.source() == source, 20_000);
    }

    boolean awaitEvent(java.util.function.Predicate<Event> p, long millis) throws InterruptedException {
        return await(r -> r instanceof WatchRecord.AgentEvent a && p.test(a.event()), millis);
    }

    Agent agent() {
        return agent;
    }

    /** Runs a shell command in the guest, printing its output. */
    static void sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        int rc = p.waitFor();
        System.out.println("SH rc=" + rc + " " + command.replace('\n', ' ') + (out.isEmpty() ? "" : " -> " + out.replace('\n', ' ')));
    }

    @Override
    public void close() {
        agent.close();
        libc.closeQuietly(fd);
    }
}
