package org.watchtray.core.os;

import java.time.Instant;

/**
 * One non-blocking one-shot timerfd. On CLOCK_REALTIME it is armed for wall-clock instants
 * with TFD_TIMER_CANCEL_ON_SET, so a clock change or a resume from suspend wakes its reader
 * (the read fails with ECANCELED) and the deadlines can be re-evaluated. On CLOCK_MONOTONIC it
 * is armed for a number of nanoseconds from now, which no clock change moves.
 */
public final class TimerFd implements AutoCloseable {
    private final Libc libc;
    private final int clock;
    private final int fd;
    private final byte[] expirations = new byte[Long.BYTES];
    private boolean closed;
    /** A clock change consumed while re-arming, still to be told by {@link #acknowledge}. */
    private boolean clockWasSet;

    public TimerFd(Libc libc, int clock) throws OsException {
        this.libc = libc;
        this.clock = clock;
        this.fd = libc.timerfd_create(clock, Libc.TFD_NONBLOCK);
    }

    public int fd() {
        return fd;
    }

    /** Arms a CLOCK_REALTIME timer for {@code at}; an instant at or before the epoch fires at once. */
    public void armAt(Instant at) throws OsException {
        if (clock != Libc.CLOCK_REALTIME) {
            throw new IllegalStateException("armAt is for wall-clock timers");
        }
        long seconds = Math.max(0, at.getEpochSecond());
        long nanos = at.getEpochSecond() < 0 ? 1 : at.getNano();
        if (seconds == 0 && nanos == 0) {
            nanos = 1; // an all-zero it_value would disarm the timer
        }
        for (int attempt = 0; ; attempt++) {
            try {
                libc.timerfd_settime(fd, Libc.TFD_TIMER_ABSTIME | Libc.TFD_TIMER_CANCEL_ON_SET, seconds, nanos);
                return;
            } catch (OsException e) {
                // The wall clock was set since this timer was last read (seen in the lab VM after a
                // `date -s`): the kernel refuses to re-arm until that is consumed. Consume it, keep it
                // for acknowledge(), and fire at once so the owner re-evaluates its deadlines now.
                if (e.errno() != Errno.ECANCELED || attempt >= 3) {
                    throw e;
                }
                acknowledgeRead();
                clockWasSet = true;
                seconds = 0;
                nanos = 1;
            }
        }
    }

    /** Arms the timer to fire {@code nanos} from now on its own clock (at least 1 ns). */
    public void armAfter(long nanos) throws OsException {
        long n = Math.max(1, nanos);
        libc.timerfd_settime(fd, 0, n / 1_000_000_000L, n % 1_000_000_000L);
    }

    public void disarm() throws OsException {
        libc.timerfd_settime(fd, 0, 0, 0);
    }

    /**
     * Consumes the timer's readiness. Returns true when the wall clock was set (ECANCELED): the
     * timer is then no longer armed and must be re-armed.
     */
    public boolean acknowledge() throws OsException {
        boolean set = acknowledgeRead() | clockWasSet;
        clockWasSet = false;
        return set;
    }

    private boolean acknowledgeRead() throws OsException {
        try {
            libc.readOrAgain(fd, expirations, 0, expirations.length);
            return false;
        } catch (OsException e) {
            if (e.errno() != Errno.ECANCELED) {
                throw e;
            }
            return true;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.closeQuietly(fd);
        }
    }
}
