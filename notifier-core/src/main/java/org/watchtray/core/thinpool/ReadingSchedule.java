package org.watchtray.core.thinpool;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * When the agent reads its thin pools between kernel events. dm-thin raises an event only at
 * the low-water mark and on mode changes, so every threshold below those is seen only at a
 * reading. The schedule is the agent's, for every desktop at once: it must not depend on any
 * one user's thresholds. This interface is the one place that decides it ({@link LookSchedule}
 * today; docs/thinpool.md explains it).
 *
 * <p>Two kinds of wake-ups: a <em>look</em> at a pool's activity ({@link ThinPoolActivity},
 * one read per device), and a full <em>reading</em> ({@code DM_TABLE_STATUS}), which goes to
 * every desktop. A look decides whether a reading is due. Between looks, a pool the schedule
 * calls {@linkplain #quiet quiet} is woken for by its <em>write signal</em> only (perf on the
 * block layer, else inotify on its volumes' device nodes and fanotify on their filesystems:
 * {@link #written}). Times are on the
 * monotonic clock (nanoseconds), so no wall-clock change postpones a look.
 */
public interface ReadingSchedule {

    /**
     * A full reading of {@code pool} was taken at {@code now}.
     *
     * @param status   what it said; empty when the status line did not parse
     * @param activity its devices' counters read just before it; empty when they could not be read
     */
    void read(String pool, Optional<ThinPoolStatus> status, Optional<ThinPoolActivity> activity, long now);

    /** When {@code pool} is to be looked at next (monotonic nanoseconds); empty for a pool not read yet. */
    OptionalLong nextLook(String pool);

    /**
     * A look at {@code pool} at {@code now}: its devices' counters ({@code activity}; empty when
     * they could not be read). Returns true when the pool must be read in full now.
     */
    boolean looked(String pool, Optional<ThinPoolActivity> activity, long now);

    /** A write signal for {@code pool} at {@code now}: its volumes or their filesystems were written. */
    void written(String pool, long now);

    /** How much of a pool's writes its write signal sees. */
    enum Coverage {
        /** Not every write through a node or a filesystem: the pool is never quiet. */
        NONE,
        /** Every write through a node or a filesystem (inotify, fanotify), not mmap, loop devices, swap, in-kernel writers. */
        FILESYSTEMS,
        /** Every write queued to the pool's data and metadata devices (the block_bio_queue tracepoint), whoever issued it. */
        BLOCK_LAYER
    }

    /**
     * What {@code pool}'s write signal sees; a pool that is not covered is never quiet, one
     * covered by the block layer needs the safety look only as a belt. Changing the set watched
     * is itself counted as a write (what happened before the new watches is unknown).
     */
    void covered(String pool, Coverage coverage, long now);

    /** True when {@code pool} is quiet: nothing but its write signal and the safety look wakes for it. */
    boolean quiet(String pool);

    /**
     * True when {@code pool}'s write signal must be armed: it is quiet, or written but its
     * counters stood still at the last look, so its next write should bring the next look
     * forward. False while it is being written (its counters are looked at every 0.9 s anyway,
     * and a storm of signals would only cost wake-ups), for a pool that cannot grow, and for one
     * whose signal is incomplete.
     */
    boolean listening(String pool);

    /** The pool went away. */
    void forget(String pool);

    /** The earliest look due for any pool (monotonic nanoseconds); empty when there is no pool to watch. */
    OptionalLong next();
}
