package org.watchtray.core.source;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a periodic poll's next deadline goes: on a grid of whole multiples of its interval since
 * the epoch (every whole minute for 60 s), not at "now plus the interval". Two polls with the same
 * interval, such as the keys source's /proc/keys poll and the Kerberos source's look for a
 * missing cache (both on the keys poll interval), then come due at the same instant and are run
 * in one wakeup of the backend thread instead of two a few milliseconds apart, each of which
 * woke it. The gap between two polls never exceeds the interval (a change is still seen within
 * it); the first one after a start or a change of the interval may come sooner.
 */
public final class Cadence {
    private Cadence() {
    }

    /** The first grid instant after {@code now}: later than {@code now}, and at most {@code interval} after it. */
    public static Instant next(Instant now, Duration interval) {
        long step = interval.toMillis();
        if (step <= 0) {
            return now.plus(interval); // below the grid's resolution: no grid
        }
        long ms = now.toEpochMilli();
        return Instant.ofEpochMilli(Math.addExact(Math.multiplyExact(Math.floorDiv(ms, step), step), step));
    }
}
