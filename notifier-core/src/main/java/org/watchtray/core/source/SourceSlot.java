package org.watchtray.core.source;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceStatusEvent;

/**
 * One source as the poller holds it: its {@link SourceContext}, the registrations it made, its
 * published status, and the isolation around every call into it. A source whose callbacks keep
 * throwing is stopped and marked UNAVAILABLE with the last error, instead of spinning or
 * taking the backend thread down.
 */
final class SourceSlot implements SourceContext {
    /** Consecutive failed callbacks after which the source is stopped. */
    static final int FAILURE_LIMIT = EventLoop.FAILURE_LIMIT;
    private static final System.Logger LOG = System.getLogger(SourceSlot.class.getName());

    @FunctionalInterface
    interface Callback {
        void run() throws Exception;
    }

    private final Source source;
    private final EventLoop poller;
    private final Set<Registration> registrations = new LinkedHashSet<>();
    private volatile SourceStatus status;
    private int consecutiveFailures;
    private boolean stopped;

    SourceSlot(Source source, EventLoop poller) {
        this.source = Objects.requireNonNull(source);
        this.poller = poller;
        this.status = new SourceStatus(source.id(), SourceStatus.State.UNAVAILABLE, "none", "not started yet");
    }

    Source source() {
        return source;
    }

    SourceStatus status() {
        return status;
    }

    boolean stopped() {
        return stopped;
    }

    /** Starts the source; a start that throws counts as the source being unavailable. */
    void start() {
        try {
            SourceStatus s = source.start(this);
            statusChanged(s == null ? SourceStatus.unavailable(source.id(), "the source gave no status") : s);
        } catch (Throwable t) {
            LOG.log(Level.WARNING, name() + ": start failed: " + EventLoop.describe(t));
            stop("start failed: " + EventLoop.describe(t));
        }
    }

    /** Runs a callback of this source, isolated: a throw is logged and counted, never propagated. */
    void guarded(String what, Callback callback) {
        if (stopped) {
            return;
        }
        try {
            callback.run();
            consecutiveFailures = 0;
        } catch (Throwable t) {
            consecutiveFailures++;
            String problem = EventLoop.describe(t);
            LOG.log(Level.WARNING, name() + ": " + what + " failed (" + consecutiveFailures + " in a row): " + problem);
            if (consecutiveFailures >= FAILURE_LIMIT) {
                stop("stopped after " + consecutiveFailures + " failures in a row; last: " + problem);
            }
        }
    }

    /** Closes the source and drops whatever it left registered; publishes UNAVAILABLE with {@code reason}. */
    void stop(String reason) {
        if (stopped) {
            return;
        }
        close();
        statusChanged(SourceStatus.unavailable(source.id(), reason));
    }

    /** Closes the source (isolated) and every registration it left behind. Idempotent. */
    void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            source.close();
        } catch (Throwable t) {
            LOG.log(Level.WARNING, name() + ": close failed: " + EventLoop.describe(t));
        }
        for (Registration r : new ArrayList<>(registrations)) {
            r.close();
        }
    }

    void forget(Registration registration) {
        registrations.remove(registration);
    }

    private String name() {
        return source.id().wireName();
    }

    @Override
    public Registration watch(int fd, int interest, ReadyHandler handler) {
        poller.checkBackendThread();
        Registration r = poller.addWatch(this, fd, interest, Objects.requireNonNull(handler));
        registrations.add(r);
        return r;
    }

    @Override
    public Registration schedule(Instant at, Runnable action) {
        poller.checkBackendThread();
        Registration r = poller.addDeadline(this, Objects.requireNonNull(at), Objects.requireNonNull(action));
        registrations.add(r);
        return r;
    }

    @Override
    public Registration scheduleMonotonic(long atNanos, Runnable action) {
        poller.checkBackendThread();
        Registration r = poller.addMonotonicDeadline(this, atNanos, Objects.requireNonNull(action));
        registrations.add(r);
        return r;
    }

    @Override
    public Registration afterClockJump(Runnable action) {
        poller.checkBackendThread();
        Registration r = poller.addClockJumpListener(this, Objects.requireNonNull(action));
        registrations.add(r);
        return r;
    }

    @Override
    public void emit(Event event) {
        poller.checkBackendThread();
        poller.emit(Objects.requireNonNull(event));
    }

    @Override
    public void statusChanged(SourceStatus newStatus) {
        Objects.requireNonNull(newStatus);
        SourceStatus old = status;
        status = newStatus;
        if (!newStatus.equals(old)) {
            poller.emit(new SourceStatusEvent(poller.clock().instant(), newStatus));
        }
    }

    @Override
    public Clock clock() {
        return poller.clock();
    }

    @Override
    public long nanoTime() {
        return poller.monotonicClock().nanoTime();
    }

    @Override
    public long wakeup() {
        return poller.wakeup();
    }

    @Override
    public boolean foundReady(Registration watch) {
        return !(watch instanceof EventLoop.WatchRegistration w) || w.foundReady();
    }
}
