package org.watchtray.core.thinpool;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.watchtray.core.thinpool.ThinPoolStatus.Mode;

/**
 * Looks at a pool (its devices' I/O counters) while it is being written, and only at the
 * safety look while it is quiet; reads it in full when its counters moved since its last
 * reading, when they cannot be read, or once {@code maxInterval} has passed since its last
 * reading (docs/thinpool.md).
 *
 * <ul>
 *   <li><b>Being written</b> (the last look found its counters moved, or a write signal came
 *       since): looked at again {@code min(0.9 s, lookInterval)} after the last look (not a whole
 *       second: dm-thin's metadata commit runs every second, see {@link #WRITING}), so a crossing
 *       while writes go on is read within a second, and a write storm costs about one look a
 *       second however many writes it makes. Its write signal is not armed:
 *       the counters are the signal.</li>
 *   <li><b>Written, paused</b> (written within {@code settle}, but the last look found the
 *       counters still): looked at again after the time since its last write, at least
 *       {@code min(1 s, lookInterval)}, at most {@code lookInterval} (1, 1, 2, 4, 8, 9, 9 … s),
 *       and sooner when its write signal fires: at the signal, but not sooner than a second
 *       after the last look. Its signal is armed ({@link #listening}).</li>
 *   <li><b>Quiet</b> once {@code settle} has passed since the last write signal or counter
 *       movement (long enough for the kernel to write back what a filesystem or the page cache
 *       still held), and only if its write signal is complete ({@link #covered}): then the
 *       next look is the <em>safety look</em>, one deadline for every quiet pool, at most
 *       {@code safetyInterval} away. It catches what the filesystem signals cannot show (writes
 *       through mmap, a loop device on a file in the pool, other in-kernel writers). Pools the
 *       block-layer signal covers (it sees those too) share another, {@code blockSafetyInterval}
 *       apart, a belt for an event lost; at it, a signal whose perf events lost a CPU (taken
 *       offline and back, as every suspend does) is opened again ({@code BlockWrites#stale}). Its
 *       signal is armed, and makes the next look come at once (not sooner than a second after
 *       the last look).</li>
 *   <li>A pool that cannot grow (read-only, out of data space, failed: leaving those modes
 *       raises a kernel event) is read every {@code maxInterval} and wants no signal.</li>
 * </ul>
 *
 * <p>Why a crossing is seen within about a second while the pool is written: usage grows only
 * through writes to the pool's devices, the counters are read just before each reading's status,
 * and while they keep moving the pool is looked at every 0.9 s; once they stand still, the next
 * write wakes the signal (or, for a pool whose signal is incomplete, is seen within the ramp,
 * at most {@code lookInterval}); a quiet pool's signal turns it written at the first write.
 */
public final class LookSchedule implements ReadingSchedule {
    /** The ramp's first step, and the shortest time from a look to one a write signal brings forward. */
    private static final long RAMP = Duration.ofSeconds(1).toNanos();
    /**
     * The time between two looks at a pool whose counters keep moving. Not a whole second: dm-thin commits its metadata
     * every second and metadata usage dips after each commit, so looks a second apart could read every dip for many
     * seconds on end; 0.9 s apart they move a tenth of the commit period each time.
     */
    private static final long WRITING = Duration.ofMillis(900).toNanos();

    private final long look;
    private final long max;
    private final long safety;
    /** The safety look of pools the block-layer signal covers: a belt for a lost event, not the bound. */
    private final long blockSafety;
    private final long settle;
    private final long ramp;
    private final long writing;
    private final Map<String, Pool> pools = new LinkedHashMap<>();
    /** The next safety look, shared by every quiet pool only fsnotify covers, so they cost one wake-up; MIN_VALUE when not set. */
    private long safetyAt = Long.MIN_VALUE;
    /** The same for quiet pools the block layer covers. */
    private long blockSafetyAt = Long.MIN_VALUE;

    private static final class Pool {
        long lastRead;
        Optional<ThinPoolActivity> atRead = Optional.empty();
        boolean canGrow = true;
        long nextLook;
        Coverage coverage = Coverage.NONE;
        boolean quiet;
        /** The last write seen by a look or a signal: the ramp of a paused pool counts from here. */
        long rampFrom;
        /** The last write signal or counter movement, or a change of what its signal watches (the settle time counts from here). */
        long lastWrite;
        /** The last look or reading: the next look comes at least {@link #ramp} after it. */
        long lastLook;
        /** The last write signal (MIN_VALUE before any). */
        long heard = Long.MIN_VALUE;
        /**
         * Being written: its last look found the counters moved or a signal since the look before, or a signal came
         * since; looked at again 0.9 s after the last look, its signal not armed.
         */
        boolean writing;
    }

    /** Without write signals: every pool is looked at every {@code lookInterval}, as if always written. */
    public LookSchedule(Duration lookInterval, Duration maxInterval) {
        this(lookInterval, maxInterval, maxInterval, maxInterval);
    }

    /**
     * @param lookInterval   the longest time between two looks at a written pool
     * @param maxInterval    the longest time between two readings of any pool
     * @param safetyInterval the longest time between two looks at a quiet pool
     * @param settle         how long a written pool's counters must stand still, with no signal, before it is quiet
     */
    public LookSchedule(Duration lookInterval, Duration maxInterval, Duration safetyInterval, Duration settle) {
        this(lookInterval, maxInterval, safetyInterval, maxInterval, settle);
    }

    /**
     * @param blockSafetyInterval the longest time between two looks at a quiet pool the block-layer signal covers
     *                            (at least {@code safetyInterval}, at most {@code maxInterval})
     */
    public LookSchedule(Duration lookInterval, Duration maxInterval, Duration safetyInterval, Duration blockSafetyInterval,
                        Duration settle) {
        if (lookInterval.isNegative() || lookInterval.isZero()) {
            throw new IllegalArgumentException("look interval must be positive: " + lookInterval);
        }
        if (safetyInterval.isNegative() || safetyInterval.isZero()) {
            throw new IllegalArgumentException("safety interval must be positive: " + safetyInterval);
        }
        this.look = lookInterval.toNanos();
        this.max = Math.max(look, maxInterval.toNanos());
        this.safety = Math.clamp(safetyInterval.toNanos(), look, max); // a quiet pool is still read every maxInterval
        this.blockSafety = Math.clamp(blockSafetyInterval.toNanos(), safety, max);
        this.settle = Math.max(0, settle.toNanos());
        this.ramp = Math.min(RAMP, look);
        this.writing = Math.min(WRITING, look);
    }

    @Override
    public void read(String pool, Optional<ThinPoolStatus> status, Optional<ThinPoolActivity> activity, long now) {
        Pool p = pools.get(pool);
        if (p == null) {
            p = new Pool();
            // What was written before the first reading is unknown: written until it settles, at the full look interval
            // (the ramp is for a burst that starts after quiet, seen by its signal).
            p.rampFrom = now - look;
            p.lastWrite = now;
            pools.put(pool, p);
        }
        p.lastRead = now;
        p.lastLook = now;
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
        boolean moved = activity.isEmpty() || p.atRead.isEmpty() || activity.get().busy() || !activity.equals(p.atRead);
        // A signal since the look before counts too: a filesystem's writes may still be in the page cache, not on the device.
        p.writing = moved || p.heard > p.lastLook;
        p.lastLook = now;
        if (moved) {
            wrote(p, now); // a safety look that finds writes no signal showed turns the pool written too
        }
        boolean due = moved || now - p.lastRead >= max;
        if (!due) {
            if (!p.quiet && p.coverage != Coverage.NONE && now - p.lastWrite >= settle) {
                p.quiet = true;
            }
            p.nextLook = following(p, now);
        }
        return due;
    }

    @Override
    public void written(String pool, long now) {
        Pool p = pools.get(pool);
        if (p != null && p.canGrow) {
            wrote(p, now);
            p.heard = now;
            p.writing = true;
            // At the signal, but a second after the last look at the soonest: a storm costs one look a second.
            p.nextLook = Math.min(p.nextLook, Math.max(now, p.lastLook + ramp));
        }
    }

    private void wrote(Pool p, long now) {
        p.lastWrite = now;
        p.rampFrom = now;
        p.quiet = false;
    }

    @Override
    public void covered(String pool, Coverage coverage, long now) {
        Pool p = pools.get(pool);
        if (p == null) {
            return;
        }
        p.coverage = coverage;
        // The set watched changed: a write before the new watches went unseen. A quiet pool is looked at now; a written
        // one keeps its looks, and settles from now.
        if (p.quiet) {
            written(pool, now);
        } else {
            p.lastWrite = now;
        }
    }

    @Override
    public boolean quiet(String pool) {
        Pool p = pools.get(pool);
        return p != null && p.canGrow && p.quiet;
    }

    @Override
    public boolean listening(String pool) {
        Pool p = pools.get(pool);
        return p != null && p.canGrow && p.coverage != Coverage.NONE && !p.writing;
    }

    /**
     * The next look after one at {@code now}: for a pool being written, 0.9 s on; for a
     * paused one, the time since its last write, between a ramp step and a look interval; for a
     * quiet one the safety look; for a pool that cannot grow, the longest interval after its
     * reading.
     */
    private long following(Pool p, long now) {
        if (!p.canGrow) {
            return p.lastRead + max;
        }
        if (p.quiet && p.coverage == Coverage.BLOCK_LAYER) {
            if (blockSafetyAt <= now) {
                blockSafetyAt = now + blockSafety;
            }
            return blockSafetyAt;
        }
        if (p.quiet) {
            if (safetyAt <= now) {
                safetyAt = now + safety;
            }
            return safetyAt;
        }
        if (p.writing) {
            return now + writing;
        }
        return now + Math.clamp(now - p.rampFrom, ramp, look);
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
