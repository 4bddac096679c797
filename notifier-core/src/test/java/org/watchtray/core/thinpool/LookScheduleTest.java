package org.watchtray.core.thinpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.watchtray.core.thinpool.ThinPoolStatus.Mode;

/** The reading schedule on an injected monotonic clock (nanoseconds), fed the readings and counters a source would see. */
class LookScheduleTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final Duration LOOK = Duration.ofSeconds(9);
    private static final Duration MAX = Duration.ofMinutes(5);

    private final LookSchedule schedule = new LookSchedule(LOOK, MAX);

    private static ThinPoolStatus status(Mode mode, long usedData) {
        return new ThinPoolStatus(mode, 0, 214, 512, usedData, 2048, "-", "discard_passdown", false, false, java.util.OptionalLong.empty());
    }

    /** The pool's devices after {@code writes} writes of 8 sectors each, nothing in flight. */
    private static Optional<ThinPoolActivity> after(long writes) {
        return Optional.of(new ThinPoolActivity(new BlockCounters(writes, writes * 8, 0, 0), new BlockCounters(writes, writes * 8, 0, 0)));
    }

    @Test
    void aPoolThatCanGrowIsLookedAtOneIntervalAfterItsReadingAndReadOnlyWhenItsDevicesWereWritten() {
        schedule.read("p", Optional.of(status(Mode.WRITE, 0)), after(3), 100 * S);
        assertEquals(OptionalLong.of(109 * S), schedule.next());
        assertFalse(schedule.looked("p", after(3), 109 * S), "nothing written since the reading");
        assertEquals(OptionalLong.of(118 * S), schedule.nextLook("p"), "the next look, one interval on");
        assertTrue(schedule.looked("p", after(4), 118 * S), "a write since the reading");
    }

    @Test
    void somethingInFlightIsWorthAReadingEvenBeforeTheCountersMove() {
        schedule.read("p", Optional.of(status(Mode.WRITE, 0)), after(3), 0);
        Optional<ThinPoolActivity> writing = Optional.of(new ThinPoolActivity(new BlockCounters(3, 24, 1, 0), new BlockCounters(3, 24, 0, 0)));
        assertTrue(schedule.looked("p", writing, 9 * S));
    }

    @Test
    void aPoolWhoseCountersCannotBeReadIsReadAtEveryLookNeverLeftUnbounded() {
        schedule.read("p", Optional.of(status(Mode.WRITE, 0)), Optional.empty(), 0);
        assertEquals(OptionalLong.of(9 * S), schedule.next());
        assertTrue(schedule.looked("p", Optional.empty(), 9 * S));
        schedule.read("p", Optional.of(status(Mode.WRITE, 0)), after(3), 9 * S);
        assertTrue(schedule.looked("p", Optional.empty(), 18 * S), "counters that were readable and are not any more");
    }

    @Test
    void anIdlePoolIsStillReadAtTheFirstLookPastTheLongestInterval() {
        schedule.read("p", Optional.of(status(Mode.WRITE, 0)), after(3), 0);
        long t = 0;
        int looks = 0;
        while (true) {
            t = schedule.next().orElseThrow();
            looks++;
            if (schedule.looked("p", after(3), t)) {
                break;
            }
        }
        assertEquals(306 * S, t, "read again at the first look once 300 s have passed");
        assertEquals(34, looks, "looks 9 s apart, no extra one for the longest interval");
    }

    @Test
    void aPoolThatCannotGrowIsReadEveryLongestIntervalOnly() {
        for (Mode mode : new Mode[] {Mode.OUT_OF_DATA_SPACE, Mode.READ_ONLY, Mode.FAIL}) {
            schedule.read("p", Optional.of(status(mode, 2048)), after(3), 0);
            assertEquals(OptionalLong.of(300 * S), schedule.next(), mode + ": leaving it raises a kernel event");
        }
        schedule.read("p", Optional.empty(), after(3), 0);
        assertEquals(OptionalLong.of(9 * S), schedule.next(), "a status that did not parse says nothing: the pool may be growing");
    }

    @Test
    void theEarliestPoolSetsTheNextWakeUpAndAForgottenPoolNone() {
        schedule.read("a", Optional.of(status(Mode.WRITE, 0)), after(1), 0);
        schedule.read("b", Optional.of(status(Mode.WRITE, 0)), after(1), 4 * S);
        assertEquals(OptionalLong.of(9 * S), schedule.next());
        assertTrue(schedule.looked("never-read", after(1), 9 * S), "a pool not read yet is read");
        schedule.forget("a");
        assertEquals(OptionalLong.of(13 * S), schedule.next());
        schedule.forget("b");
        assertEquals(OptionalLong.empty(), schedule.next(), "no pool: no wake-up");
    }

    /**
     * Issue 15's case, run as the source runs the schedule: an empty pool, idle for an hour,
     * filled in a burst that starts at any moment. Whenever the burst starts, the look that
     * reads the pool comes at most one look interval after its first write, so every threshold
     * that burst crossed is seen within the interval (the source reads the status after the
     * counters, so the reading includes the writes that moved them).
     */
    @Test
    void aBurstFromIdleIsSeenWithinOneLookIntervalWhenEverItStarts() {
        long step = 370_000_000L; // 0.37 s: burst starts scattered over a whole interval and beyond
        for (long burst = 3600 * S; burst < 3600 * S + 3 * LOOK.toNanos(); burst += step) {
            LookSchedule s = new LookSchedule(LOOK, MAX);
            s.read("p", Optional.of(status(Mode.WRITE, 0)), after(0), 0);
            long seen = -1;
            while (seen < 0) {
                long t = s.next().orElseThrow();
                Optional<ThinPoolActivity> now = after(t >= burst ? 1000 : 0);
                if (s.looked("p", now, t)) {
                    s.read("p", Optional.of(status(Mode.WRITE, t >= burst ? 1900 : 0)), now, t);
                    if (t >= burst) {
                        seen = t;
                    }
                }
            }
            assertTrue(seen - burst <= LOOK.toNanos(), "burst at " + burst + " seen " + (seen - burst) + " ns later");
        }
    }

    @Test
    void anIdleHourCostsFourHundredLooksAndTwelveReadings() {
        schedule.read("p", Optional.of(status(Mode.WRITE, 0)), after(0), 0);
        int looks = 0;
        int readings = 0;
        for (long t = schedule.next().orElseThrow(); t <= 3600 * S; t = schedule.next().orElseThrow()) {
            looks++;
            if (schedule.looked("p", after(0), t)) {
                readings++;
                schedule.read("p", Optional.of(status(Mode.WRITE, 0)), after(0), t);
            }
        }
        assertEquals(400, looks);
        assertEquals(11, readings, "one at the first look past each longest interval: 306, 612, ... 3366 s");
    }
}
