package org.watchtray.agent;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.os.OsException;
import org.watchtray.core.source.Reading;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * An agent for protocol tests: the real {@link Agent} composition (server, the agent's own
 * decisions) on a real backend, its readings fed by {@link FeedSource}s instead of the kernel.
 */
final class TestAgent implements AutoCloseable {
    final Agent agent;
    final FeedSource pools;
    final FeedSource usb;
    /** The agent's own event stream: its decisions, statuses and losses. */
    final List<Event> events = new CopyOnWriteArrayList<>();

    TestAgent(AgentConfig config, List<Reading> poolState, List<Reading> usbState) throws OsException {
        this(config, poolState, usbState, batch -> { });
    }

    /** An agent whose event stream also goes to {@code outputs} (its journal, hooks and textfile). */
    TestAgent(AgentConfig config, List<Reading> poolState, List<Reading> usbState, org.watchtray.core.pipeline.EventSink outputs)
            throws OsException {
        NativeAccess nativeAccess = NativeAccess.linux();
        FeedSource[] feeds = new FeedSource[2];
        agent = Agent.start(config, nativeAccess, batch -> {
            events.addAll(batch);
            outputs.accept(batch);
        }, sink -> {
            feeds[0] = config.thinPools() ? new FeedSource(SourceId.THINPOOL, nativeAccess.libc(), poolState, sink) : null;
            feeds[1] = config.usb() ? new FeedSource(SourceId.USB, nativeAccess.libc(), usbState, sink) : null;
            return java.util.Arrays.stream(feeds).filter(java.util.Objects::nonNull).map(f -> (org.watchtray.core.source.Source) f).toList();
        });
        pools = feeds[0];
        usb = feeds[1];
    }

    /** An agent serving only a USB feed, at {@code socket}, to root and {@code group}. */
    static AgentConfig usbOnly(Path socket, java.util.Set<PosixFilePermission> mode, String group, int capacity) {
        return AgentConfig.defaults().withSocket(socket).withGroup(group, mode)
                .withLimits(capacity, AgentConfig.DEFAULT_MAX_PER_USER, AgentConfig.DEFAULT_MAX_SESSIONS)
                .onlyUsb(java.time.Duration.ofMillis(1));
    }

    /** Waits until the socket is served (the server starts on the backend thread). */
    TestAgent awaitServing() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (agent.statuses().stream().anyMatch(s -> s.source() == SourceId.META && s.state() != SourceStatus.State.UNAVAILABLE)) {
                return this;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("agent did not start serving: " + agent.statuses());
    }

    /** Waits until the agent's own stream holds an event matching {@code p}. */
    <T extends Event> T awaitEvent(Class<T> type, java.util.function.Predicate<T> p) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (Event e : events) {
                if (type.isInstance(e) && p.test(type.cast(e))) {
                    return type.cast(e);
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the agent decided no such " + type.getSimpleName() + ": " + events);
    }

    @Override
    public void close() {
        agent.close();
    }
}
