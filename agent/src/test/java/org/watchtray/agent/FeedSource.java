package org.watchtray.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.os.EventFd;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;
import org.watchtray.core.source.CurrentReadings;
import org.watchtray.core.source.Reading;
import org.watchtray.core.source.ReadingSink;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;

/**
 * A reading source for protocol tests: at start it reads its initial state, as the kernel
 * sources do, and later hands on whatever readings the test feeds it, woken through a real
 * eventfd like any fd-driven source (one feed is one backend wakeup). The protocol, not the
 * kernel, is what those tests examine.
 */
final class FeedSource implements Source, CurrentReadings {
    private final SourceId id;
    private final Libc libc;
    private final List<Reading> state;
    private final ReadingSink<Reading> sink;
    private final ConcurrentLinkedQueue<List<Reading>> pending = new ConcurrentLinkedQueue<>();
    private final Object lock = new Object();
    private EventFd wake;

    FeedSource(SourceId id, Libc libc, List<Reading> state, ReadingSink<Reading> sink) {
        this.id = id;
        this.libc = libc;
        this.state = List.copyOf(state);
        this.sink = sink;
    }

    @Override
    public SourceId id() {
        return id;
    }

    @Override
    public SourceStatus start(SourceContext context) {
        try {
            synchronized (lock) {
                wake = new EventFd(libc);
            }
            context.watch(wake.fd(), SourceContext.READABLE, ready -> {
                wake.drain();
                for (List<Reading> batch; (batch = pending.poll()) != null; ) {
                    batch.forEach(r -> sink.accept(r, context));
                }
            });
        } catch (OsException e) {
            return SourceStatus.unavailable(id, e.getMessage());
        }
        state.forEach(r -> sink.accept(r, context));
        return SourceStatus.active(id, "test feed");
    }

    @Override
    public List<Reading> currentReadings() {
        return new ArrayList<>(state);
    }

    /** Hands {@code readings} on in one backend wakeup. */
    void feed(List<? extends Reading> readings) throws OsException {
        pending.add(List.copyOf(readings));
        synchronized (lock) {
            if (wake == null) {
                throw new IllegalStateException("feed before the source started");
            }
            wake.signal();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (wake != null) {
                wake.close();
            }
        }
    }
}
