package org.watchtray.agent.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import org.watchtray.agent.Agent;
import org.watchtray.agent.AgentConfig;
import org.watchtray.agent.Desktop;
import org.watchtray.agent.outputs.AgentOutputs;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.pipeline.EventSink;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.Reading;
import org.watchtray.core.source.ReadingSink;
import org.watchtray.core.source.Source;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * Inside the lab VM: starts a real agent and desktops that subscribe to it through its socket
 * the way the app does, each deciding with its own settings and printing every event it gets
 * as one line for the host-side test to check. A wait that ends without what it waited for,
 * and a shell command that fails, are recorded: {@link #exitCode} is then 1.
 */
final class LabSubscriber implements AutoCloseable {
    private static final long T0 = System.nanoTime();
    private static final List<String> FAILURES = new ArrayList<>();
    private final Agent agent;
    private final AgentOutputs outputs;
    /** The agent's own decided events (what its journal, hooks and textfile see). */
    private final List<Event> own = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Path socket;
    private final List<Desktop> desktops = new ArrayList<>();

    /** Built from an {@link AgentConfig}, not the command line: picocli's reflection costs ~20 s under emulation. */
    LabSubscriber(AgentConfig config) throws Exception {
        this(config, AgentOutputs.Config.none());
    }

    /** With the agent's outputs (journal, hooks, Prometheus textfile) as configured. */
    LabSubscriber(AgentConfig config, AgentOutputs.Config outputsConfig) throws Exception {
        this(config, outputsConfig, null);
    }

    /** With reading sources of the lab's making ({@code readingSources}; null: the ones the configuration asks for). */
    LabSubscriber(AgentConfig config, AgentOutputs.Config outputsConfig,
                  Function<ReadingSink<Reading>, List<Source>> readingSources) throws Exception {
        this.outputs = AgentOutputs.start(outputsConfig, java.time.Clock.systemUTC());
        EventSink events = batch -> {
            own.addAll(batch);
            outputs.accept(batch);
        };
        this.agent = readingSources == null ? Agent.start(config, NativeAccess.linux(), events)
                : Agent.start(config, NativeAccess.linux(), events, readingSources);
        outputs.refreshFrom(() -> agent.currentState(org.watchtray.core.event.SourceId.THINPOOL));
        this.socket = config.socket();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(socket) && System.nanoTime() < deadline) {
            Thread.sleep(20); // the agent renames its socket into place once it listens
        }
        check(Files.exists(socket), "agent serving at " + socket);
    }

    /** A desktop subscribing with {@code settings}; its lines start with {@code tag}. */
    Desktop desktop(String tag, Settings settings) throws Exception {
        Desktop d = new Desktop(socket, settings, e -> print(tag, e));
        desktops.add(d);
        return d;
    }

    static synchronized void print(String tag, Event e) {
        System.out.println(tag + " " + (System.nanoTime() - T0) / 1_000_000 + " " + describe(e));
    }

    static String describe(Event e) {
        return switch (e) {
            case ThinPoolEvent t -> String.format(Locale.ROOT, "TP %s pool=%s threshold=%d data=%.1f meta=%.1f fullIn=%s mode=%s | %s",
                    t.change(), t.pool(), t.threshold(), t.dataPercent(), t.metadataPercent(),
                    t.fullIn() == null ? "-" : t.fullIn().toSeconds() + "s", t.mode(), EnglishSummary.of(t));
            case UsbEvent u -> String.format(Locale.ROOT, "USB %s port=%s product=%s errno=%d count=%d | %s",
                    u.change(), u.port(), u.product(), u.errno(), u.count(), EnglishSummary.of(u));
            case SourceStatusEvent s -> "STATUS " + s.status().describe();
            default -> "EVENT " + e.name() + " | " + EnglishSummary.of(e);
        };
    }

    /** Waits up to {@code millis} for {@code desktop} to have an event matching {@code p}; records a failure if none came. */
    static boolean await(Desktop desktop, String what, Predicate<Event> p, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (desktop.events.stream().anyMatch(p)) {
                return true;
            }
            Thread.sleep(20);
        }
        check(false, "waited " + millis + " ms for " + what);
        return false;
    }

    /** Waits up to {@code millis} for the agent itself to have decided an event matching {@code p}; records a failure if none came. */
    boolean awaitOwn(String what, Predicate<Event> p, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (own.stream().anyMatch(p)) {
                return true;
            }
            Thread.sleep(20);
        }
        check(false, "waited " + millis + " ms for " + what);
        return false;
    }

    static synchronized void check(boolean ok, String what) {
        if (!ok) {
            FAILURES.add(what);
            System.out.println("FAILED " + what);
        }
    }

    /** Runs a shell command in the guest, printing its output; a non-zero status is a failure. */
    static void sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        int rc = p.waitFor();
        System.out.println("SH rc=" + rc + " " + command.replace('\n', ' ') + (out.isEmpty() ? "" : " -> " + out.replace('\n', ' ')));
        check(rc == 0, "shell command exited " + rc + ": " + command.replace('\n', ' '));
    }

    /** 0 when every check held, else 1 (the lab test asserts the exit code). */
    static synchronized int exitCode() {
        return FAILURES.isEmpty() ? 0 : 1;
    }

    AgentOutputs outputs() {
        return outputs;
    }

    @Override
    public void close() {
        desktops.forEach(Desktop::close);
        agent.close();
        outputs.close();
    }
}
