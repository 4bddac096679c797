package org.watchtray.core.journal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.event.Text;
import org.watchtray.core.pipeline.EventSink;
import org.watchtray.core.source.SourceStatus;

/**
 * Writes events to the systemd journal, one entry each ({@link JournalEntries}), on its own
 * thread. {@link #accept} (the hub, on the backend thread) only queues: it never blocks and
 * never touches the socket. journald's socket queue is short (net.unix.max_dgram_qlen, 10 on
 * Debian), so the writer thread lets the sink wait a bounded time for room; what still cannot
 * be delivered — the socket is missing, nobody listens, journald stays stalled, or more than
 * {@code capacity} entries are waiting — is dropped and counted, never retried, so a missing
 * journal costs one failed send per event and never an error loop.
 *
 * <p>The journal's health is a source status ({@link SourceId#JOURNAL}), reported through
 * {@code reports} only when it changes: active once enabled, degraded while journald is not
 * keeping up, unavailable while there is none. Once entries have gone through for
 * {@link #RECOVERY} without a failure, it is active again and a {@link LossEvent} says how
 * many entries are missing, so the journal itself records the gap. Reports come back through
 * the hub and are journaled like any event.
 */
public final class JournalWriter implements EventSink, AutoCloseable {
    /** How long sends must go through before a failing journal counts as healthy again (no flapping under load). */
    public static final Duration RECOVERY = Duration.ofSeconds(5);

    private final JournalSink sink;
    private final String identifier;
    private final Predicate<Event> which;
    private final Clock clock;
    private final Consumer<Event> reports;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition idle = lock.newCondition();
    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean enabled;
    private boolean busy;
    private boolean closing;
    private long overflowed;

    // Writer-thread state.
    private Delivery.Outcome failing;
    private String firstProblem = "";
    private Instant failingSince;
    private Instant lastFailure;
    private long dropped;
    private volatile long sentTotal;
    private volatile long droppedTotal;

    /**
     * @param identifier {@code SYSLOG_IDENTIFIER}: {@link JournalEntries#DESKTOP} or {@link JournalEntries#AGENT}
     * @param which      the events this process journals (the desktop leaves thin pools and USB to the agent)
     * @param reports    where status and loss reports go (the hub); called on the writer's thread
     * @param capacity   most entries allowed to wait for journald
     */
    public JournalWriter(JournalSink sink, String identifier, Predicate<Event> which, Clock clock, Consumer<Event> reports,
                         int capacity) {
        this.sink = Objects.requireNonNull(sink);
        this.identifier = Objects.requireNonNull(identifier);
        this.which = Objects.requireNonNull(which);
        this.clock = Objects.requireNonNull(clock);
        this.reports = Objects.requireNonNull(reports);
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity < 1");
        }
        this.capacity = capacity;
        this.thread = Thread.ofPlatform().name("watchtray-journal").daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** Turns journaling on or off (the user's setting) and reports the new status. Safe from any thread. */
    public void setEnabled(boolean on) {
        synchronized (this) {
            if (enabled == on) {
                return;
            }
            enabled = on;
        }
        report(on ? SourceStatus.active(SourceId.JOURNAL, sink.describe())
                : new SourceStatus(SourceId.JOURNAL, SourceStatus.State.DISABLED, sink.describe(), ""));
    }

    public boolean enabled() {
        return enabled;
    }

    @Override
    public void accept(List<Event> batch) {
        if (!enabled) {
            return;
        }
        lock.lock();
        try {
            if (closing) {
                return;
            }
            for (Event e : batch) {
                if (!which.test(e)) {
                    continue;
                }
                if (queue.size() >= capacity) {
                    overflowed++;
                } else {
                    queue.addLast(e);
                }
            }
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            Event next;
            long lostInQueue;
            lock.lock();
            try {
                while (queue.isEmpty() && overflowed == 0 && !closing) {
                    busy = false;
                    idle.signalAll();
                    work.awaitUninterruptibly();
                }
                if (queue.isEmpty() && overflowed == 0) {
                    busy = false;
                    idle.signalAll();
                    return;
                }
                busy = true;
                next = queue.pollFirst();
                lostInQueue = overflowed;
                overflowed = 0;
            } finally {
                lock.unlock();
            }
            if (lostInQueue > 0) {
                failed(new Delivery(Delivery.Outcome.BUSY, "more than " + capacity + " entries were waiting for journald"), lostInQueue);
            }
            if (next != null) {
                write(next);
            }
        }
    }

    private void write(Event e) {
        Delivery d = sink.send(JournalEntries.of(e, identifier));
        if (!d.sent()) {
            failed(d, 1);
            return;
        }
        sentTotal++;
        if (failing != null && !clock.instant().isBefore(lastFailure.plus(RECOVERY))) {
            recovered();
        }
    }

    private void failed(Delivery d, long count) {
        Instant now = clock.instant();
        dropped += count;
        droppedTotal += count;
        lastFailure = now;
        if (failing != d.outcome()) {
            if (failing == null) {
                failingSince = now;
                firstProblem = d.detail();
            }
            failing = d.outcome();
            report(failureStatus(d));
        }
    }

    private SourceStatus failureStatus(Delivery d) {
        return switch (d.outcome()) {
            case BUSY -> SourceStatus.degraded(SourceId.JOURNAL, sink.describe(),
                    "journald is not keeping up; entries it cannot take are dropped and counted (" + d.detail() + ")");
            case ABSENT -> SourceStatus.unavailable(SourceId.JOURNAL,
                    "no journald is listening (" + d.detail() + "); entries are dropped and counted");
            case FAILED -> SourceStatus.unavailable(SourceId.JOURNAL, "entries cannot be sent (" + d.detail() + ")");
            case SENT -> throw new IllegalArgumentException("not a failure");
        };
    }

    private void recovered() {
        Instant now = clock.instant();
        long lost = dropped;
        String since = Text.time(failingSince);
        String why = firstProblem;
        failing = null;
        dropped = 0;
        report(SourceStatus.active(SourceId.JOURNAL, sink.describe()));
        reports.accept(new LossEvent(now, SourceId.JOURNAL, lost, "not journaled between " + since + " and "
                + Text.time(now) + (why.isEmpty() ? "" : ": " + why)));
    }

    private void report(SourceStatus status) {
        reports.accept(new SourceStatusEvent(clock.instant(), status));
    }

    /**
     * Waits until every entry queued so far has been sent or dropped.
     *
     * @return false when that did not happen within {@code timeout}
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (busy || !queue.isEmpty() || overflowed > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Entries delivered since start. */
    public long sent() {
        return sentTotal;
    }

    /** Entries dropped since start (not delivered, or no room to wait). */
    public long dropped() {
        return droppedTotal;
    }

    /** Sends what is queued (for at most a few seconds), stops the thread and closes the sink. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        if (thread.isAlive()) {
            try {
                thread.join(Duration.ofSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sink.close();
    }
}
