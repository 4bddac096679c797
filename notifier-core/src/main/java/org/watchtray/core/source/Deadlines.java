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
 * Every source's wall-clock deadlines behind ONE timerfd (CLOCK_REALTIME, absolute,
 * TFD_TIMER_CANCEL_ON_SET), armed for the earliest. A clock change or resume makes the timerfd
 * read fail with ECANCELED; the loop then runs whatever became due and re-arms, so deadlines
 * follow the wall clock. With no deadline the timer is disarmed: nothing wakes for nothing.
 * Used on the backend thread only.
 */
final class Deadlines implements AutoCloseable {

    /** One scheduled action; {@code seq} keeps equal instants in scheduling order. */
    static final class Deadline {
        final Instant at;
        final long seq;
        final Runnable action;
        boolean cancelled;

        Deadline(Instant at, long seq, Runnable action) {
            this.at = at;
            this.seq = seq;
            this.action = action;
        }
    }

    private final Clock clock;
    private final TimerFd timer;
    private final PriorityQueue<Deadline> queue = new PriorityQueue<>(
            Comparator.comparing((Deadline d) -> d.at).thenComparingLong(d -> d.seq));
    private long nextSeq;
    /** What the timerfd is armed for now; null when disarmed. */
    private Instant armedFor;

    Deadlines(Libc libc, Clock clock) throws OsException {
        this.clock = clock;
        this.timer = new TimerFd(libc, Libc.CLOCK_REALTIME);
    }

    int fd() {
        return timer.fd();
    }

    Deadline add(Instant at, Runnable action) {
        Deadline d = new Deadline(at, nextSeq++, action);
        queue.add(d);
        return d;
    }

    void cancel(Deadline d) {
        if (!d.cancelled) {
            d.cancelled = true;
            queue.remove(d);
        }
    }

    int size() {
        return queue.size();
    }

    /**
     * Consumes the timerfd's readiness. Returns true when the wall clock was changed (ECANCELED).
     * Either way the one-shot timer is spent and must be re-armed.
     */
    boolean acknowledge() throws OsException {
        armedFor = null;
        return timer.acknowledge();
    }

    /** Removes and returns, in order, every deadline due at the clock's current time. */
    List<Deadline> takeDue() {
        Instant now = clock.instant();
        List<Deadline> due = new ArrayList<>();
        while (!queue.isEmpty() && !queue.peek().at.isAfter(now)) {
            Deadline d = queue.poll();
            d.cancelled = true; // a fired deadline's registration close is then a no-op
            due.add(d);
        }
        return due;
    }

    /** Arms the timerfd for the earliest deadline (or disarms it) when that changed. */
    void rearm() throws OsException {
        Instant earliest = queue.isEmpty() ? null : queue.peek().at;
        if (earliest == null ? armedFor == null : earliest.equals(armedFor)) {
            return;
        }
        if (earliest == null) {
            timer.disarm();
        } else {
            timer.armAt(earliest);
        }
        armedFor = earliest;
    }

    @Override
    public void close() {
        queue.clear();
        timer.close();
    }
}
