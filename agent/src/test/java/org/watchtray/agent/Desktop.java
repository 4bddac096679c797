package org.watchtray.agent;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.SourceFactory;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.core.source.EventLoop;

/**
 * The desktop side as the app wires it: a backend running the agent client sources from
 * {@link SourceFactory}, its events collected. Only the agent's sources are kept.
 */
final class Desktop implements AutoCloseable {
    final EventLoop poller;
    final List<Event> events = new CopyOnWriteArrayList<>();

    Desktop(Path socket) throws OsException {
        LinuxLibc libc = new LinuxLibc();
        poller = new EventLoop(libc, Clock.systemUTC(), events::addAll, line -> { });
        var env = new org.watchtray.core.settings.Environment(java.util.Map.of("WATCHTRAY_AGENT_SOCKET", socket.toString()), Path.of("/nonexistent"));
        new SourceFactory(libc, env).desktopSources(org.watchtray.core.settings.Settings.defaults()).stream()
                .filter(s -> s.id() == SourceId.THINPOOL || s.id() == SourceId.USB)
                .forEach(poller::add);
        poller.start();
    }

    SourceStatus status(SourceId id) {
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

    <T extends Event> List<T> awaitEvents(Class<T> type, Predicate<T> p, int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            List<T> got = events.stream().filter(type::isInstance).map(type::cast).filter(p).toList();
            if (got.size() >= count) {
                return got;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " matching events, got " + got + " of " + events);
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        poller.close();
    }
}
