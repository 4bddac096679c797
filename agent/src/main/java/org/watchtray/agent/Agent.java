package org.watchtray.agent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.os.OsException;
import org.watchtray.core.pipeline.EventSink;
import org.watchtray.core.source.CurrentReadings;
import org.watchtray.core.source.EventLoop;
import org.watchtray.core.source.Reading;
import org.watchtray.core.source.ReadingSink;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.thinpool.ThinPoolSource;
import org.watchtray.core.usb.UsbSource;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * The running agent, and its composition root: one backend thread (an {@link EventLoop})
 * running the reading sources (thin pools, USB) and the {@link AgentServer}. Every reading
 * goes to the server (for desktops that decide themselves) and to the agent's own
 * {@link SystemDecisions}; the events those decide, with the sources' statuses and losses,
 * form the agent's event stream, which goes to the server (for older desktops) and to
 * {@code events}: the hook for what the agent does system-wide.
 *
 * <p>A server that cannot serve (it could not listen, or kept failing) ends the agent:
 * {@link #awaitFailure} returns why, and the command exits non-zero so systemd restarts it.
 */
public final class Agent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Agent.class.getName());

    private final EventLoop loop;
    private final AgentServer server;
    private final SystemDecisions decisions;
    private final CompletableFuture<String> failure;

    private Agent(EventLoop loop, AgentServer server, SystemDecisions decisions, CompletableFuture<String> failure) {
        this.server = server;
        this.loop = loop;
        this.decisions = decisions;
        this.failure = failure;
    }

    /** Builds and starts everything the configuration asks for, on the kernel's real interfaces. */
    public static Agent start(AgentConfig config, NativeAccess nativeAccess, EventSink events) throws OsException {
        return start(config, nativeAccess, events, sink -> {
            List<Source> sources = new ArrayList<>();
            if (config.thinPools()) {
                sources.add(new ThinPoolSource(nativeAccess.libc(), nativeAccess.deviceMapper(config.dmControl()), nativeAccess.blockWrites(),
                        nativeAccess.filesystemWrites(),
                        config.readings(), sink));
            }
            if (config.usb()) {
                sources.add(new UsbSource(nativeAccess.kernelLog(), nativeAccess.uevents(), config.usbOptions(), sink));
            }
            return sources;
        });
    }

    /**
     * Builds and starts an agent whose reading sources {@code readingSources} makes, given where
     * their readings go (tests feed readings of their own this way). Each source must also be a
     * {@link CurrentReadings}.
     */
    public static Agent start(AgentConfig config, NativeAccess nativeAccess, EventSink events,
                              Function<ReadingSink<Reading>, List<Source>> readingSources) throws OsException {
        SystemDecisions decisions = new SystemDecisions(config.thresholds(), config.burstWindow());
        Map<SourceId, CurrentReadings> current = new EnumMap<>(SourceId.class);
        AgentServer server = new AgentServer(nativeAccess.seqpacketSockets(), nativeAccess.libc(), config.server(), new AgentServer.Snapshots() {
            @Override
            public List<Event> decided(SourceId source, Instant now) {
                return decisions.currentState(source, now);
            }

            @Override
            public List<Reading> readings(SourceId source) {
                CurrentReadings r = current.get(source);
                return r == null ? List.of() : r.currentReadings();
            }

            @Override
            public String decidedWith(SourceId source) {
                return decisions.settings(source);
            }
        });
        List<Source> sources = readingSources.apply((reading, context) -> {
            try {
                server.reading(reading);
            } catch (RuntimeException e) {
                // The server's trouble is not the reading source's: it must not count against the source.
                LOG.log(System.Logger.Level.WARNING, "serving a " + reading.source().wireName() + " reading failed", e);
            }
            decisions.accept(reading, context);
        });
        for (Source s : sources) {
            current.put(s.id(), (CurrentReadings) s);
        }
        CompletableFuture<String> failure = new CompletableFuture<>();
        EventLoop loop = new EventLoop(nativeAccess.libc(), Clock.systemUTC(), batch -> {
            server.accept(batch);
            watchServer(batch, failure);
            events.accept(batch);
        }, nativeAccess.threadScheduling());
        sources.forEach(loop::add);
        loop.add(server);
        loop.start();
        return new Agent(loop, server, decisions, failure);
    }

    /**
     * Serves {@code report} (a hook's failure, from the agent's outputs) to every session, on the
     * backend thread at its next turn. Only to the sessions: the outputs journaled it already.
     */
    public void serve(Event report) {
        loop.execute(() -> server.accept(List.of(report)));
    }

    /** The server's own status is the one with source META: unavailable means it cannot serve. */
    private static void watchServer(List<Event> batch, CompletableFuture<String> failure) {
        for (Event e : batch) {
            if (e instanceof SourceStatusEvent s && s.status().source() == SourceId.META
                    && s.status().state() == SourceStatus.State.UNAVAILABLE) {
                failure.complete(s.status().reason());
            }
        }
    }

    /** Blocks until the server can no longer serve, and returns why; null when the agent was closed instead. */
    public String awaitFailure() throws InterruptedException {
        try {
            return failure.get();
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause().toString();
        }
    }

    /**
     * What the agent's own decisions hold now for {@code source} (each pool's usage, recent USB
     * errors), read on the backend thread; empty when the backend does not answer within 5 s.
     */
    public List<Event> currentState(SourceId source) {
        CompletableFuture<List<Event>> state = new CompletableFuture<>();
        loop.execute(() -> state.complete(decisions.currentState(source, Instant.now())));
        try {
            return state.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return List.of();
        }
    }

    /** Every source's status, the server's last. */
    public List<SourceStatus> statuses() {
        return loop.statuses();
    }

    @Override
    public void close() {
        loop.close();
        failure.complete(null);
    }
}
