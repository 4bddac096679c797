package org.watchtray.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.watchtray.agent.Agent;
import org.watchtray.agent.AgentConfig;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.EventLoop;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.agent.AgentClientSource;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * bench/thinpool's two JVMs inside the kernel lab VM, kept apart so that the agent's process
 * wakes only for its own work:
 *
 * <ul>
 *   <li>{@code agent SOCKET}: watchtray-agent as the systemd unit runs it, thin pools only
 *       (USB off, so its wake-ups are the thin-pool source's), with the shipped reading
 *       schedule (the defaults' readings). Built from an {@link AgentConfig}
 *       rather than the command line: picocli's reflection costs ~20 s under emulation.</li>
 *   <li>{@code subscribe SOCKET}: a desktop's side of the socket, the real
 *       {@link AgentClientSource} on its own backend, printing every event it receives as
 *       {@code EV <System.nanoTime()> ...} (CLOCK_MONOTONIC, the clock the bench's writer and
 *       syslog receiver print).</li>
 * </ul>
 */
public final class ThinPoolBench {
    private ThinPoolBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ThinPoolBench agent|subscribe SOCKET");
            System.exit(64);
        }
        Path socket = Path.of(args[1]);
        switch (args[0]) {
            case "agent" -> agent(socket);
            case "subscribe" -> subscribe(socket);
            default -> {
                System.err.println("unknown mode " + args[0]);
                System.exit(64);
            }
        }
    }

    private static void agent(Path socket) throws Exception {
        Files.createDirectories(socket.getParent());
        AgentConfig shipped = AgentConfig.defaults();
        try (Agent agent = Agent.start(shipped.withSocket(socket).onlyThinPools(shipped.readings()), NativeAccess.linux(), batch -> { })) {
            System.out.println("AGENT " + ProcessHandle.current().pid() + " " + agent.statuses());
            System.out.flush();
            new CountDownLatch(1).await(); // until killed
        }
    }

    private static void subscribe(Path socket) throws Exception {
        NativeAccess os = NativeAccess.linux();
        EventLoop poller = new EventLoop(os.libc(), Clock.systemUTC(), ThinPoolBench::print);
        AgentClientSource.create(os.libc(), os.seqpacketSockets(), socket, Settings.defaults()).forEach(poller::add);
        poller.start();
        System.out.println("SUBSCRIBER " + ProcessHandle.current().pid());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static synchronized void print(java.util.List<Event> batch) {
        long now = System.nanoTime();
        for (Event e : batch) {
            System.out.println(switch (e) {
                case ThinPoolEvent t -> String.format(Locale.ROOT, "EV %d %s pool=%s lvm=%s threshold=%d data=%.2f meta=%.2f mode=%s",
                        now, t.change(), t.pool(), t.lvmName().isEmpty() ? "-" : t.lvmName(), t.threshold(),
                        t.dataPercent(), t.metadataPercent(), t.mode().isEmpty() ? "-" : t.mode());
                case SourceStatusEvent s -> "STATUS " + now + " " + s.status().describe();
                default -> "OTHER " + now + " " + e.name() + " " + EnglishSummary.of(e);
            });
        }
        System.out.flush();
    }
}
