package org.watchtray.agent;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.core.source.EventLoop;

/**
 * An agent for protocol tests: the real {@link AgentServer} on a real backend, fed by a
 * {@link FeedSource} instead of the kernel.
 */
final class TestAgent implements AutoCloseable {
    final EventLoop poller;
    final AgentServer server;
    final FeedSource usb;
    final List<String> log = new CopyOnWriteArrayList<>();

    TestAgent(Path socket, Set<PosixFilePermission> mode, String group, int capacity, FeedSource usb) throws OsException {
        this.usb = usb;
        AtomicReference<AgentServer> ref = new AtomicReference<>();
        AtomicReference<EventLoop> pollerRef = new AtomicReference<>();
        poller = new EventLoop(new LinuxLibc(), Clock.systemUTC(), batch -> ref.get().accept(batch), log::add);
        pollerRef.set(poller);
        server = new AgentServer(new LinuxLibc(), new AgentServer.Config(socket, mode, group, capacity),
                () -> pollerRef.get().statuses(), Map.of(SourceId.USB, usb));
        ref.set(server);
        poller.add(usb);
        poller.add(server);
        poller.start();
    }

    /** Waits until the socket is served (the server starts on the backend thread). */
    TestAgent awaitServing() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (poller.statuses().stream().anyMatch(s -> s.source() == SourceId.META && s.state() != org.watchtray.core.source.SourceStatus.State.UNAVAILABLE)) {
                return this;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("agent did not start serving: " + poller.statuses() + " " + log);
    }

    /** Round-trip time of a no-op task through the backend thread, in milliseconds: the agent's responsiveness. */
    long pingMillis() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        long t0 = System.nanoTime();
        poller.execute(done::countDown);
        if (!done.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("backend thread stalled");
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Override
    public void close() {
        poller.close();
    }
}
