package org.watchtray.core.thinpool;

import java.time.Duration;
import java.util.Optional;

/**
 * When the agent reads its thin pools again between kernel events. dm-thin raises an event
 * only at the low-water mark and on mode changes, so every threshold below those is seen only
 * at a reading. The schedule is the agent's, for every desktop at once: it must not depend on
 * any one user's thresholds. This interface is the one place that decides it
 * ({@link FillRateSchedule} today).
 */
public interface ReadingSchedule {

    /** A reading was taken; {@code status} is what it said (a status that did not parse is not given). */
    void observed(ThinPoolReading.Status reading, ThinPoolStatus status);

    /** The pool went away. */
    void forget(String pool);

    /** How long until the next reading is worth taking; empty when there is no pool to watch. */
    Optional<Duration> next();
}
