package org.watchtray.core.source;

/**
 * A clock that only moves forward: CLOCK_MONOTONIC in nanoseconds, the clock
 * {@link System#nanoTime()} reads on Linux. Setting the wall clock neither moves it back nor
 * forward, so durations measured on it ("read again in 9 s") stay durations. Injected so
 * schedules can be tested with a clock the test moves.
 */
@FunctionalInterface
public interface MonotonicClock {
    /** The JVM's own: System.nanoTime(), CLOCK_MONOTONIC on Linux. */
    MonotonicClock SYSTEM = System::nanoTime;

    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanoTime();
}
