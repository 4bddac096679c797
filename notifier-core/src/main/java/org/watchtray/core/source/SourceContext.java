package org.watchtray.core.source;

import java.time.Clock;
import java.time.Instant;
import org.watchtray.core.event.Event;

/** What the backend poller offers a source. Only used on the backend thread. */
public interface SourceContext {

    /** Readiness bits, the same values as epoll's. */
    int READABLE = 0x001;  // EPOLLIN
    int PRIORITY = 0x002;  // EPOLLPRI
    int WRITABLE = 0x004;  // EPOLLOUT
    int ERROR = 0x008;     // EPOLLERR
    int HANGUP = 0x010;    // EPOLLHUP

    /** Calls {@code handler} whenever {@code fd} has any of {@code interest}. The fd stays the source's to close. */
    Registration watch(int fd, int interest, ReadyHandler handler);

    /**
     * Runs {@code action} at wall-clock time {@code at}. Deadlines survive clock changes and
     * suspend: a clock jump re-evaluates them (timerfd with TFD_TIMER_CANCEL_ON_SET).
     */
    Registration schedule(Instant at, Runnable action);

    /**
     * Runs {@code action} once {@link #nanoTime()} reaches {@code atNanos}. For deadlines that
     * are durations rather than times of day ("look again 9 s after the last look"): they are
     * kept on a CLOCK_MONOTONIC timerfd, so setting the wall clock back or forward neither
     * postpones nor hastens them.
     */
    Registration scheduleMonotonic(long atNanos, Runnable action);

    /**
     * Runs {@code action} after each jump of the wall clock: the clock set, or the machine back
     * from suspend (the kernel cancels a TFD_TIMER_CANCEL_ON_SET timerfd at both, so this costs
     * no wakeup while nothing happens). For what a suspend can break behind a source's back.
     */
    Registration afterClockJump(Runnable action);

    /** Hands an event to the hub, on the backend thread. */
    void emit(Event event);

    /** Publishes a changed status (fallback taken, agent gone, …). */
    void statusChanged(SourceStatus status);

    Clock clock();

    /** The loop's monotonic clock, in nanoseconds (CLOCK_MONOTONIC): what {@link #scheduleMonotonic} counts on. */
    long nanoTime();

    /**
     * Which wakeup of the loop is running now (a count that grows by one at each). Every
     * handler called in one wakeup was found ready when it began: a source that has already
     * emptied an fd in this wakeup (while handling another) knows that fd's readiness is stale,
     * and that anything queued since will wake the loop again, so it can skip a read that would
     * only return EAGAIN.
     */
    long wakeup();

    /**
     * Whether the fd of {@code watch} (a registration {@link #watch} returned) was among those
     * found ready when this wakeup began; true when that cannot be told (not a watch, or a
     * context without a loop). A handler for one fd that would read another only in case it is
     * ready too can skip a read that would return EAGAIN: whatever arrives there later makes its
     * fd ready and wakes the loop again.
     */
    boolean foundReady(Registration watch);

    @FunctionalInterface
    interface ReadyHandler {
        /** {@code events} holds the readiness bits that fired. */
        void ready(int events) throws Exception;
    }

    /** Cancels a watch or deadline. Idempotent. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
