package org.watchtray.core.thinpool;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.watchtray.core.thinpool.ThinPoolStatus.Mode;

/**
 * Looks at every pool that can grow every {@code lookInterval}, and reads it in full when its
 * devices were written since its last reading (their counters moved, or something is in flight),
 * when their counters cannot be read, or at the first look once {@code maxInterval} has passed
 * since its last reading. A pool that cannot grow (read-only, out of data space, failed: leaving those modes
 * raises a kernel event) is read every {@code maxInterval}.
 *
 * <p>Why this bounds how late a crossing is seen: usage grows only through writes to the pool's
 * devices, and the counters are read just before each reading's status, so a crossing after
 * any reading shows at the first look after it, at most {@code lookInterval} later, whatever
 * the pool's size, its fill rate, or how long it was idle. An idle pool costs one look (two
 * reads of sysfs) per interval for the agent and nothing for the desktops. A pool whose
 * counters cannot be read is read in full at every look instead: the same bound, never none.
 * (docs/thinpool.md has the reasoning, and why the fill rate cannot stretch it.)
 */
public final class LookSchedule implements ReadingSchedule {
    private final long look;
    private final long max;
    private final Map<String, Pool> pools = new LinkedHashMap<>();

    private static final class Pool {
        long lastRead;
        Optional<ThinPoolActivity> atRead = Optional.empty();
        boolean canGrow;
        long nextLook;
    }

    /**
     * @param lookInterval how long after a look (or reading) a pool that can grow is looked at again
     * @param maxInterval  the longest time between two readings of any pool
     */
    public LookSchedule(Duration lookInterval, Duration maxInterval) {
        if (lookInterval.isNegative() || lookInterval.isZero()) {
            throw new IllegalArgumentException("look interval must be positive: " + lookInterval);
        }
        this.look = lookInterval.toNanos();
        this.max = Math.max(look, maxInterval.toNanos());
    }

    @Override
    public void read(String pool, Optional<ThinPoolStatus> status, Optional<ThinPoolActivity> activity, long now) {
        Pool p = pools.computeIfAbsent(pool, name -> new Pool());
        p.lastRead = now;
        p.atRead = activity;
        // A line that did not parse says nothing either way: treat the pool as one that may grow.
        p.canGrow = status.map(s -> s.mode() != Mode.READ_ONLY && s.mode() != Mode.OUT_OF_DATA_SPACE && s.mode() != Mode.FAIL)
                .orElse(true);
        p.nextLook = following(p, now);
    }

    @Override
    public OptionalLong nextLook(String pool) {
        Pool p = pools.get(pool);
        return p == null ? OptionalLong.empty() : OptionalLong.of(p.nextLook);
    }

    @Override
    public boolean looked(String pool, Optional<ThinPoolActivity> activity, long now) {
        Pool p = pools.get(pool);
        if (p == null) {
            return true; // never read: nothing to compare with
        }
        boolean due = activity.isEmpty() || p.atRead.isEmpty() || activity.get().busy() || !activity.equals(p.atRead)
                || now - p.lastRead >= max;
        if (!due) {
            p.nextLook = following(p, now);
        }
        return due;
    }

    /**
     * The next look after one at {@code now}: a look interval on for a pool that can grow (the
     * look at or after the longest interval reads it: no extra wake-up for it), else the longest
     * interval after its reading.
     */
    private long following(Pool p, long now) {
        return p.canGrow ? now + look : p.lastRead + max;
    }

    @Override
    public void forget(String pool) {
        pools.remove(pool);
    }

    @Override
    public OptionalLong next() {
        return pools.values().stream().mapToLong(p -> p.nextLook).min();
    }
}
