package org.watchtray.core.source;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;
import org.watchtray.core.os.TimerFd;

/**
 * Every source's deadlines on one clock behind ONE timerfd, armed for the earliest. With no
 * deadline the timer is disarmed: nothing wakes for nothing. Two kinds, one per clock:
 *
 * <ul>
 *   <li>{@link #wallClock}: instants of the wall clock (a ticket's expiry) on CLOCK_REALTIME,
 *       absolute, TFD_TIMER_CANCEL_ON_SET. A clock change or resume makes the timerfd read fail
 *       with ECANCELED; the loop then runs whatever became due and re-arms, so these deadlines
 *       follow the wall clock.</li>
 *   <li>{@link #monotonic}: points on the {@link MonotonicClock} ("9 s after the last look") on
 *       CLOCK_MONOTONIC, armed relative to now: setting the wall clock, back or forward, neither
 *       postpones nor hastens them.</li>
 * </ul>
 * Used on the backend thread only.
 */
final class Deadlines<T extends Comparable<? super T>> implements AutoCloseable {

    /** How times on one clock are read and how the timerfd is armed for one. */
    interface Timeline<T> {
        T now();

        void arm(TimerFd timer, T at) throws OsException;
    }

    /** One scheduled action; {@code seq} keeps equal times in scheduling order. */
    static final class Deadline<T> {
        final T at;
        final long seq;
        final Runnable action;
        boolean cancelled;

        Deadline(T at, long seq, Runnable action) {
            this.at = at;
            this.seq = seq;
            this.action = action;
        }
    }

    private final Timeline<T> timeline;
    private final TimerFd timer;
    private final PriorityQueue<Deadline<T>> queue = new PriorityQueue<>(
            Comparator.comparing((Deadline<T> d) -> d.at).thenComparingLong(d -> d.seq));
    private long nextSeq;
    /** What the timerfd is armed for now; null when disarmed. */
    private T armedFor;

    private Deadlines(Libc libc, int clockId, Timeline<T> timeline) throws OsException {
        this.timeline = timeline;
        this.timer = new TimerFd(libc, clockId);
    }

    /** Wall-clock instants of {@code clock}, on CLOCK_REALTIME with cancel-on-set. */
    static Deadlines<Instant> wallClock(Libc libc, Clock clock) throws OsException {
        return new Deadlines<>(libc, Libc.CLOCK_REALTIME, new Timeline<Instant>() {
            @Override
            public Instant now() {
                return clock.instant();
            }

            @Override
            public void arm(TimerFd timer, Instant at) throws OsException {
                timer.armAt(at);
            }
        });
    }

    /** Points on {@code clock}, on CLOCK_MONOTONIC, each armed as the time left from now. */
    static Deadlines<Long> monotonic(Libc libc, MonotonicClock clock) throws OsException {
        return new Deadlines<>(libc, Libc.CLOCK_MONOTONIC, new Timeline<Long>() {
            @Override
            public Long now() {
                return clock.nanoTime();
            }

            @Override
            public void arm(TimerFd timer, Long at) throws OsException {
                timer.armAfter(at - clock.nanoTime());
            }
        });
    }

    int fd() {
        return timer.fd();
    }

    Deadline<T> add(T at, Runnable action) {
        Deadline<T> d = new Deadline<>(at, nextSeq++, action);
        queue.add(d);
        return d;
    }

    void cancel(Deadline<T> d) {
        if (!d.cancelled) {
            d.cancelled = true;
            queue.remove(d);
        }
    }

    int size() {
        return queue.size();
    }

    /**
     * Consumes the timerfd's readiness. Returns true when the wall clock was changed (ECANCELED,
     * wall-clock deadlines only). Either way the one-shot timer is spent and must be re-armed.
     */
    boolean acknowledge() throws OsException {
        armedFor = null;
        return timer.acknowledge();
    }

    /** Removes and returns, in order, every deadline due at the clock's current time. */
    List<Deadline<T>> takeDue() {
        T now = timeline.now();
        List<Deadline<T>> due = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().at.compareTo(now) <= 0) {
            Deadline<T> d = queue.poll();
            d.cancelled = true; // a fired deadline's registration close is then a no-op
            due.add(d);
        }
        return due;
    }

    /** Arms the timerfd for the earliest deadline (or disarms it) when that changed. */
    void rearm() throws OsException {
        T earliest = queue.isEmpty() ? null : queue.peek().at;
        if (earliest == null ? armedFor == null : earliest.equals(armedFor)) {
            return;
        }
        if (earliest == null) {
            timer.disarm();
        } else {
            timeline.arm(timer, earliest);
        }
        armedFor = earliest;
    }

    @Override
    public void close() {
        queue.clear();
        timer.close();
    }
}
