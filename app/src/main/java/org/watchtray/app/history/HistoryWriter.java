package org.watchtray.app.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.history.HistoryStore;
import org.watchtray.core.pipeline.EventSink;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.SourceStatus;

/**
 * Writes the hub's events to the history on its own thread, in batches. {@link #accept} never
 * blocks the backend: past {@code capacity} waiting events the newest are dropped and counted,
 * and the count is written in their place as a {@link LossEvent} ("N events are missing from
 * the history"). When the store fails (disk full, read-only) the writer says so once through
 * {@code notices}, counts what it could not write, tries again when events arrive after
 * {@link #RETRY_AFTER}, and on success writes the count as a loss marker first. Retention is
 * applied after writes, so an idle app does not wake for it.
 */
public final class HistoryWriter implements EventSink, AutoCloseable {
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
    private static final int MAX_BATCH = 4096;
    /** Rows one retention step drops at most: a few milliseconds of the writer's time. */
    static final int RETAIN_CHUNK = 2000;
    /** Rows one upkeep step indexes for search at most. */
    static final int TIDY_CHUNK = 5000;
    private static final Object MARK_READ = new Object();

    private final HistoryStore store;
    private final String mechanism;
    private final Clock clock;
    private final EventSink notices;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition idle = lock.newCondition();
    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private final Thread thread;
    private volatile Settings.History retention;
    private int queuedEvents;
    private boolean busy;
    private boolean closing;
    private long dropped;

    // Writer-thread state.
    private long unwritten;
    private Instant failingSince;
    private String failure;
    private Instant retryAt = Instant.MIN;
    private Instant lastPrune = Instant.MIN;
    private long writtenSincePrune;
    private boolean retaining;
    /** Set by writes (rows left unindexed by an earlier run are indexed after this run's first write). */
    private boolean tidying;

    /** Lost events waiting to become a loss marker at their place in the queue. */
    private static final class Dropped {
        final Instant first;
        long count;

        Dropped(Instant first) {
            this.first = first;
        }
    }

    /**
     * @param store     where events go; the writer does not close it
     * @param mechanism how the store keeps events, for the status line ("SQLite (WAL) at …")
     * @param notices   where status changes of the history go (the hub)
     * @param capacity  most events allowed to wait for the disk
     */
    public HistoryWriter(HistoryStore store, String mechanism, Settings.History retention, Clock clock,
                         EventSink notices, int capacity) {
        this.store = Objects.requireNonNull(store);
        this.mechanism = mechanism;
        this.retention = Objects.requireNonNull(retention);
        this.clock = clock;
        this.notices = notices;
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity < 1");
        }
        this.capacity = capacity;
        this.thread = Thread.ofPlatform().name("watchtray-history").daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    public void setRetention(Settings.History retention) {
        this.retention = Objects.requireNonNull(retention);
    }

    @Override
    public void accept(List<Event> batch) {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            for (Event e : batch) {
                if (queuedEvents >= capacity) {
                    if (!(items.peekLast() instanceof Dropped)) {
                        // Dated by the first event it stands for, so the marker sits where the gap is in time.
                        items.addLast(new Dropped(e.time()));
                    }
                    ((Dropped) items.peekLast()).count++;
                    dropped++;
                } else {
                    items.addLast(e);
                    queuedEvents++;
                }
            }
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Marks every event accepted so far as read, once those before it are written. */
    public void markAllRead() {
        lock.lock();
        try {
            items.addLast(MARK_READ);
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /** How many events were dropped because the queue was full (each is in a loss marker). */
    public long droppedCount() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until everything accepted so far has been handled; false on timeout. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!items.isEmpty() || busy) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued (waiting at most {@code timeout}) and stops the thread. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        prune();
        while (true) {
            if ((retaining || tidying) && failure == null && !hasWork()) {
                // Upkeep left over (retention, indexing for search), one bounded step at a time
                // while no events wait, so a flood is never held up by it. Everything accepted is
                // written by now: whoever waits for that need not wait for the upkeep.
                lock.lock();
                try {
                    busy = false;
                    if (items.isEmpty()) {
                        idle.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
                if (retaining) {
                    prune();
                } else {
                    tidy();
                }
                continue;
            }
            List<Object> taken = new ArrayList<>();
            lock.lock();
            try {
                busy = false;
                if (items.isEmpty()) {
                    idle.signalAll();
                }
                while (items.isEmpty() && !closing) {
                    work.awaitUninterruptibly();
                }
                if (items.isEmpty()) {
                    return;
                }
                int events = 0;
                while (!items.isEmpty() && events < MAX_BATCH) {
                    Object o = items.removeFirst();
                    if (o instanceof Event) {
                        events++;
                    }
                    taken.add(o);
                }
                queuedEvents -= events;
                busy = true;
            } finally {
                lock.unlock();
            }
            process(taken);
        }
    }

    private boolean hasWork() {
        lock.lock();
        try {
            return !items.isEmpty() || closing;
        } finally {
            lock.unlock();
        }
    }

    private void tidy() {
        try {
            tidying = store.tidyStep(TIDY_CHUNK) > 0;
        } catch (RuntimeException e) {
            tidying = false;   // tried again after the next writes
        }
    }

    private void process(List<Object> taken) {
        List<Event> pending = new ArrayList<>(taken.size());
        for (Object o : taken) {
            switch (o) {
                case Event e -> pending.add(e);
                case Dropped d -> pending.add(new LossEvent(d.first, SourceId.HISTORY, d.count,
                        "watchtray wrote them slower than they arrived"));
                default -> {
                    write(pending);
                    pending = new ArrayList<>();
                    markRead();
                }
            }
        }
        write(pending);
        if (!pending.isEmpty() && failure == null) {
            tidying = true;
            maybePrune();
        }
    }

    private void write(List<Event> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        if (failure != null && now.isBefore(retryAt)) {
            unwritten += weight(batch);
            return;
        }
        List<Event> rows = batch;
        if (unwritten > 0) {
            rows = new ArrayList<>(batch.size() + 1);
            rows.add(new LossEvent(failingSince, SourceId.HISTORY, unwritten, "they could not be written: " + failure));
            rows.addAll(batch);
        }
        try {
            store.append(rows);
            writtenSincePrune += rows.size();
            if (failure != null) {
                failure = null;
                failingSince = null;
                unwritten = 0;
                notices.accept(List.of(new SourceStatusEvent(clock.instant(), SourceStatus.active(SourceId.HISTORY, mechanism))));
            }
        } catch (RuntimeException e) {
            unwritten += weight(batch);
            retryAt = now.plus(RETRY_AFTER);
            if (failure == null) {
                failure = e.getMessage();
                failingSince = now;
                notices.accept(List.of(new SourceStatusEvent(now, SourceStatus.unavailable(SourceId.HISTORY,
                        failure + "; new events are shown but not kept (retrying as events arrive)"))));
            }
        }
    }

    /** How many events a batch stands for: loss markers count what they replace. */
    private static long weight(List<Event> batch) {
        long n = 0;
        for (Event e : batch) {
            n += e instanceof LossEvent l && l.affected() == SourceId.HISTORY && l.lost() > 0 ? l.lost() : 1;
        }
        return n;
    }

    private void markRead() {
        try {
            store.markReadUpTo(Long.MAX_VALUE);
        } catch (RuntimeException e) {
            // Read marks are a convenience; a failing store has already been reported by write().
        }
    }

    private void maybePrune() {
        Settings.History r = retention;
        if (retaining || writtenSincePrune >= Math.max(1000, r.maxEvents() / 20)
                || !clock.instant().isBefore(lastPrune.plus(PRUNE_EVERY))) {
            prune();
        }
    }

    /**
     * One bounded step of retention ({@link HistoryStore#retainStep}); while there is more to
     * drop, the next step follows the next batch of writes, so events never wait long behind it.
     */
    private void prune() {
        Settings.History r = retention;
        Instant now = clock.instant();
        try {
            retaining = store.retainStep(now.minus(r.maxAge()), r.maxEvents(), r.maxBytes(), RETAIN_CHUNK) >= RETAIN_CHUNK;
        } catch (RuntimeException e) {
            // Retention is retried after the next writes; a broken store is reported by write().
            retaining = false;
        }
        lastPrune = now;
        writtenSincePrune = 0;
    }
}
