package org.watchtray.agent;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.watchtray.core.agent.AgentSocket;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.os.OsException;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.EventLoop;
import org.watchtray.core.source.Reconfigurable;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.agent.AgentClientSource;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * The desktop side as the app wires it: a backend running the agent client sources from
 * {@code AgentClientSource}s with a user's settings, its events collected; new settings are applied
 * live as the app applies them. Only the agent's sources are kept.
 */
public final class Desktop implements AutoCloseable {
    private static final NativeAccess NATIVE = NativeAccess.linux();
    final EventLoop poller;
    public final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<Source> sources;

    Desktop(Path socket) throws OsException {
        this(socket, Settings.defaults());
    }

    Desktop(Path socket, Settings settings) throws OsException {
        this(socket, settings, e -> { });
    }

    /** A desktop that also hands each event to {@code each} as it comes (the lab prints them). */
    public Desktop(Path socket, Settings settings, java.util.function.Consumer<Event> each) throws OsException {
        poller = new EventLoop(NATIVE.libc(), Clock.systemUTC(), batch -> {
            events.addAll(batch);
            batch.forEach(each);
        });
        Environment env = new Environment(Map.of(AgentSocket.VARIABLE, socket.toString()), Path.of("/nonexistent"));
        sources = AgentClientSource.create(NATIVE.libc(), NATIVE.seqpacketSockets(), AgentSocket.of(env), settings);
        sources.forEach(poller::add);
        poller.start();
    }

    /** The user changed settings: applied on the backend thread, as the app's Backend does. */
    void apply(Settings settings) {
        poller.execute(() -> sources.forEach(s -> {
            if (s instanceof Reconfigurable r) {
                r.reconfigure(settings);
            }
        }));
    }

    public SourceStatus status(SourceId id) {
        return poller.statuses().stream().filter(s -> s.source() == id).findFirst().orElseThrow();
    }

    /** Waits until {@code id}'s status satisfies {@code p}; returns it (or fails with the last one). */
    SourceStatus awaitStatus(SourceId id, Predicate<SourceStatus> p, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        SourceStatus s = status(id);
        while (!p.test(s)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("status of " + id.wireName() + " stayed: " + s.describe());
            }
            Thread.sleep(5);
            s = status(id);
        }
        return s;
    }

    public <T extends Event> List<T> awaitEvents(Class<T> type, Predicate<T> p, int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            List<T> got = matching(type, p);
            if (got.size() >= count) {
                return got;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " matching events, got " + got + " of " + events);
            }
            Thread.sleep(5);
        }
    }

    public <T extends Event> List<T> matching(Class<T> type, Predicate<T> p) {
        return events.stream().filter(type::isInstance).map(type::cast).filter(p).toList();
    }

    @Override
    public void close() {
        poller.close();
    }
}
