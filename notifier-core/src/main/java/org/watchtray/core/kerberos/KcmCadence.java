package org.watchtray.core.kerberos;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * How long to wait before re-reading KCM caches, which no kernel interface can watch: a fraction
 * of the time left on the soonest-ending ticket, so re-reads become more frequent as an expiry
 * (and the renewal a user might do before it) approaches, bounded between 30 s and 10 min;
 * with no live ticket, the long bound. Warning and expiry deadlines re-read on their own.
 */
final class KcmCadence {
    static final Duration SHORTEST = Duration.ofSeconds(30);
    static final Duration LONGEST = Duration.ofMinutes(10);
    /** Re-read about this many times over the remaining life of the soonest-ending ticket. */
    private static final int READS_PER_REMAINING_LIFE = 8;

    private KcmCadence() {
    }

    static Duration interval(Instant now, Collection<Instant> endTimes) {
        Duration soonest = endTimes.stream()
                .filter(now::isBefore)
                .map(end -> Duration.between(now, end))
                .min(Duration::compareTo)
                .orElse(null);
        if (soonest == null) {
            return LONGEST;
        }
        Duration d = soonest.dividedBy(READS_PER_REMAINING_LIFE);
        return d.compareTo(SHORTEST) < 0 ? SHORTEST : d.compareTo(LONGEST) > 0 ? LONGEST : d;
    }
}
