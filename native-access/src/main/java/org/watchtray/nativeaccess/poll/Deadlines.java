package org.watchtray.nativeaccess.poll;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.Structs;

/**
 * Every source's wall-clock deadlines behind ONE timerfd (CLOCK_REALTIME, absolute,
 * TFD_TIMER_CANCEL_ON_SET), armed for the earliest. A clock change or resume makes the timerfd
 * read fail with ECANCELED; the poller then runs whatever became due and re-arms, so deadlines
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

    private final Libc libc;
    private final Clock clock;
    private final int timerFd;
    private final PriorityQueue<Deadline> queue = new PriorityQueue<>(
            Comparator.comparing((Deadline d) -> d.at).thenComparingLong(d -> d.seq));
    private final MemorySegment spec = Arena.ofAuto().allocate(Structs.ITIMERSPEC);
    private final MemorySegment expirations = Arena.ofAuto().allocate(ValueLayout.JAVA_LONG);
    private long nextSeq;
    /** What the timerfd is armed for now; null when disarmed. */
    private Instant armedFor;

    Deadlines(Libc libc, Clock clock) throws OsException {
        this.libc = libc;
        this.clock = clock;
        this.timerFd = libc.timerfd_create(Libc.CLOCK_REALTIME, Libc.TFD_NONBLOCK);
    }

    int fd() {
        return timerFd;
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
     * Consumes the timerfd's readiness. Returns true when the wall clock was changed (ECANCELED),
     * in which case the timer is no longer armed and must be re-armed.
     */
    boolean acknowledge() throws OsException {
        try {
            libc.readOrAgain(timerFd, expirations, Long.BYTES);
            armedFor = null; // an absolute one-shot timer is spent once it fired
            return false;
        } catch (OsException e) {
            if (e.errno() != Errno.ECANCELED) {
                throw e;
            }
            armedFor = null;
            return true;
        }
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
        spec.fill((byte) 0);
        int flags = 0;
        if (earliest != null) {
            // An instant before the epoch (or exactly at it) would read as "disarm": clamp to 1 ns.
            long sec = Math.max(0, earliest.getEpochSecond());
            long nsec = earliest.getEpochSecond() < 0 ? 1 : earliest.getNano();
            if (sec == 0 && nsec == 0) {
                nsec = 1;
            }
            spec.set(ValueLayout.JAVA_LONG, Structs.ITIMERSPEC_VALUE_SEC, sec);
            spec.set(ValueLayout.JAVA_LONG, Structs.ITIMERSPEC_VALUE_NSEC, nsec);
            flags = Libc.TFD_TIMER_ABSTIME | Libc.TFD_TIMER_CANCEL_ON_SET;
        }
        libc.timerfd_settime(timerFd, flags, spec);
        armedFor = earliest;
    }

    @Override
    public void close() {
        queue.clear();
        libc.closeQuietly(timerFd);
    }
}
