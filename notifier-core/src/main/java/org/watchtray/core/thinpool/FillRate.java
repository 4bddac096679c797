package org.watchtray.core.thinpool;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How fast a counter (used blocks) grows, from recent samples: a least-squares slope over the
 * samples of the last {@code window}, so one burst of writes does not dominate the estimate.
 */
final class FillRate {
    private static final int MAX_SAMPLES = 64;
    /** Below this span the slope is noise, not a rate. */
    private static final Duration MIN_SPAN = Duration.ofSeconds(1);

    private record Sample(Instant time, long value) {
    }

    private final Duration window;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    FillRate(Duration window) {
        this.window = window;
    }

    void add(Instant time, long value) {
        if (!samples.isEmpty() && samples.peekLast().value() > value) {
            samples.clear(); // usage dropped (discard, deleted thin): older samples describe another trend
        }
        samples.addLast(new Sample(time, value));
        while (samples.size() > MAX_SAMPLES || (samples.size() > 2 && samples.peekFirst().time().isBefore(time.minus(window)))) {
            samples.removeFirst();
        }
    }

    /** Growth per second, empty while fewer than two samples span at least a second. */
    OptionalDouble perSecond() {
        if (samples.size() < 2 || Duration.between(samples.peekFirst().time(), samples.peekLast().time()).compareTo(MIN_SPAN) < 0) {
            return OptionalDouble.empty();
        }
        Instant origin = samples.peekFirst().time();
        double n = samples.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Sample s : samples) {
            double x = Duration.between(origin, s.time()).toNanos() / 1e9;
            double y = s.value();
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double denominator = n * sxx - sx * sx;
        return denominator <= 0 ? OptionalDouble.empty() : OptionalDouble.of((n * sxy - sx * sy) / denominator);
    }

    /** Time until the counter reaches {@code target} at the current rate; empty when not growing. */
    Optional<Duration> until(long current, long target) {
        OptionalDouble rate = perSecond();
        if (rate.isEmpty() || rate.getAsDouble() <= 0 || target <= current) {
            return Optional.empty();
        }
        double seconds = (target - current) / rate.getAsDouble();
        return Optional.of(Duration.ofMillis((long) Math.min(seconds * 1000, Long.MAX_VALUE / 2.0)));
    }
}
