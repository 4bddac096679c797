package org.watchtray.core.source;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.watchtray.core.event.Event;

/**
 * A {@link SourceContext} whose time the test sets: deadlines wait in a queue until
 * {@link #advanceTo} reaches them, and then run with the clock at their instant, as the event
 * loop runs them when its timerfd fires. The monotonic clock counts the nanoseconds since the
 * start instant, and its deadlines wait in the same queue. Watched fds never fire (there is no
 * kernel behind it).
 */
public final class ManualContext implements SourceContext {
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>(
            Comparator.comparing((Deadline d) -> d.at).thenComparingLong(d -> d.seq));
    private final List<Event> events = new ArrayList<>();
    private final List<Runnable> clockJumpListeners = new ArrayList<>();
    private final List<SourceStatus> statuses = new ArrayList<>();
    private final Instant start;
    private Instant now;
    private long seq;

    private final class Deadline implements Registration {
        final Instant at;
        final long seq;
        final Runnable action;
        boolean cancelled;

        Deadline(Instant at, long seq, Runnable action) {
            this.at = at;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public void close() {
            cancelled = true;
            deadlines.remove(this);
        }
    }

    public ManualContext(Instant start) {
        this.start = start;
        this.now = start;
    }

    /** Runs every deadline due up to {@code t}, in order, each at its own instant; then the clock reads {@code t}. */
    public void advanceTo(Instant t) {
        Deadline d;
        while ((d = deadlines.peek()) != null && !d.at.isAfter(t)) {
            deadlines.poll();
            now = d.at.isAfter(now) ? d.at : now;
            d.action.run();
        }
        now = t;
    }

    /** The instants of the deadlines waiting now, earliest first. */
    public List<Instant> pending() {
        return deadlines.stream().sorted(deadlines.comparator()).map(d -> d.at).toList();
    }

    public List<Event> events() {
        return events;
    }

    public List<SourceStatus> statuses() {
        return statuses;
    }

    @Override
    public Registration watch(int fd, int interest, ReadyHandler handler) {
        return () -> {
        };
    }

    @Override
    public Registration schedule(Instant at, Runnable action) {
        Deadline d = new Deadline(at, seq++, action);
        deadlines.add(d);
        return d;
    }

    @Override
    public Registration afterClockJump(Runnable action) {
        clockJumpListeners.add(action);
        return () -> clockJumpListeners.remove(action);
    }

    /** What the loop does when the wall clock was set or the machine resumed: tells the listeners. */
    public void clockJumped() {
        List.copyOf(clockJumpListeners).forEach(Runnable::run);
    }

    @Override
    public Registration scheduleMonotonic(long atNanos, Runnable action) {
        return schedule(start.plusNanos(atNanos), action);
    }

    /** Each call is a wakeup of its own: no fd is ever ready here. */
    private long wakeups;

    @Override
    public long wakeup() {
        return ++wakeups;
    }

    /** No epoll here: any fd may be ready, so a source reads it. */
    @Override
    public boolean foundReady(Registration watch) {
        return true;
    }

    @Override
    public long nanoTime() {
        return java.time.Duration.between(start, now).toNanos();
    }

    @Override
    public void emit(Event event) {
        events.add(event);
    }

    @Override
    public void statusChanged(SourceStatus status) {
        statuses.add(status);
    }

    @Override
    public Clock clock() {
        return new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }
}
