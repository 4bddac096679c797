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

    // With write signals: the shipped schedule (safety look every 60 s, settle 40 s).

    private static final Duration SAFETY = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(40);

    /** A pool read at {@code t} whose write signal covers it, left alone until it is quiet; returns when it became quiet. */
    private static long quietPool(LookSchedule s, String pool, long t) {
        return quietPool(s, pool, t, ReadingSchedule.Coverage.FILESYSTEMS);
    }

    private static long quietPool(LookSchedule s, String pool, long t, ReadingSchedule.Coverage coverage) {
        s.read(pool, Optional.of(status(Mode.WRITE, 0)), after(0), t);
        s.covered(pool, coverage, t);
        while (!s.quiet(pool)) {
            t = s.nextLook(pool).orElseThrow();
            assertFalse(s.looked(pool, after(0), t), "nothing written");
        }
        return t;
    }

    /** Pool "p" as the source finds it at 0: read, then its signal opened. */
    private static LookSchedule found(ReadingSchedule.Coverage coverage) {
        LookSchedule s = new LookSchedule(LOOK, MAX, SAFETY, SETTLE);
        s.read("p", Optional.of(status(Mode.WRITE, 0)), after(0), 0);
        s.covered("p", coverage, 0);
        return s;
    }

    @Test
    void aCoveredPoolIsQuietOnceItsCountersStoodStillForTheSettleTimeAndIsThenLookedAtOnlyAtTheSafetyLook() {
        LookSchedule s = found(ReadingSchedule.Coverage.FILESYSTEMS);
        assertFalse(s.quiet("p"), "what was written before the first reading is unknown");
        assertEquals(quietPool(s, "p", 0), 45 * S, "looked at 9, 18, 27, 36 and 45 s: 45 s >= 40 s without a write");
        assertEquals(OptionalLong.of(105 * S), s.next(), "then the safety look, 60 s on");
        assertFalse(s.looked("p", after(0), 105 * S));
        assertEquals(OptionalLong.of(165 * S), s.next());
    }

    /** Looks and readings of pool "p" in the hour after {@code quiet}, nothing written: {looks, readings}. */
    private static int[] quietHour(LookSchedule s, long quiet) {
        int looks = 0;
        int readings = 0;
        for (long t = s.next().orElseThrow(); t <= quiet + 3600 * S; t = s.next().orElseThrow()) {
            looks++;
            if (s.looked("p", after(0), t)) {
                readings++;
                s.read("p", Optional.of(status(Mode.WRITE, 0)), after(0), t);
            }
        }
        return new int[] {looks, readings};
    }

    @Test
    void aQuietHourCostsSixtyLooksAndTwelveReadings() {
        LookSchedule s = new LookSchedule(LOOK, MAX, SAFETY, SETTLE);
        int[] hour = quietHour(s, quietPool(s, "p", 0));
        assertEquals(60, hour[0], "one safety look a minute from 45 s to 3645 s");
        assertEquals(12, hour[1], "one at the first safety look past each longest interval");
        assertTrue(s.quiet("p"));
    }

    @Test
    void aWriteSignalWakesAQuietPoolAtOnceItIsLookedAtEverySecondWhileWrittenAndItsLooksRampOnceTheWritesStop() {
        LookSchedule s = new LookSchedule(LOOK, MAX, SAFETY, SETTLE);
        quietPool(s, "p", 0);
        assertTrue(s.listening("p"), "quiet: its signal is armed");
        s.written("p", 100 * S);
        assertFalse(s.quiet("p"));
        assertFalse(s.listening("p"), "written: its counters are the signal until a look finds them still");
        assertEquals(OptionalLong.of(100 * S), s.next(), "looked at now");
        long t = 100 * S;
        long writes = 0;
        StringBuilder looks = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            if (i < 5) {
                writes += 10;
            }
            if (s.looked("p", after(writes), t)) {
                s.read("p", Optional.of(status(Mode.WRITE, writes)), after(writes), t);
            }
            assertEquals(i >= 5, s.listening("p"), "armed again once a look finds the counters still (look " + i + ")");
            t = s.next().orElseThrow();
            looks.append(' ').append((t - 100 * S) / (S / 10) / 10.0);
        }
        assertEquals(" 0.9 1.8 2.7 3.6 4.5 5.5 7.4 11.2 18.8 27.8", looks.toString(),
                "0.9 s apart while the counters move, then 1, 1.9, 3.8, 7.6 s after the last write (3.6 s), then every look interval");
    }

    @Test
    void aSignalWhileTheCountersStandStillBringsTheNextLookForwardButNotWithinASecondOfTheLast() {
        LookSchedule s = found(ReadingSchedule.Coverage.BLOCK_LAYER);
        assertTrue(s.listening("p"), "written (just found), counters not seen moving: armed");
        assertEquals(OptionalLong.of(9 * S), s.next());
        s.written("p", 3 * S);
        assertEquals(OptionalLong.of(3 * S), s.next(), "at the signal");
        assertTrue(s.looked("p", after(1), 3 * S));
        s.read("p", Optional.of(status(Mode.WRITE, 1)), after(1), 3 * S);
        assertEquals(OptionalLong.of(3 * S + 9 * S / 10), s.next(), "moved: 0.9 s on");
        assertFalse(s.looked("p", after(1), 3 * S + 9 * S / 10));
        assertEquals(OptionalLong.of(4 * S + 9 * S / 10), s.next(), "still: a ramp step (1 s) on");
        s.written("p", 4 * S);
        assertEquals(OptionalLong.of(4 * S + 9 * S / 10), s.next(), "a signal 0.1 s after a look waits for the second to pass");
        s.written("p", 4 * S + 95 * S / 100);
        assertEquals(OptionalLong.of(4 * S + 9 * S / 10), s.next(), "and never puts the look off");
    }

    @Test
    void aCoveredPoolWhoseSignalsAreIncompleteIsNotListenedForAndOneThatCannotGrowNeither() {
        LookSchedule s = found(ReadingSchedule.Coverage.NONE);
        assertFalse(s.listening("p"));
        s.read("q", Optional.of(status(Mode.OUT_OF_DATA_SPACE, 2048)), after(0), 0);
        s.covered("q", ReadingSchedule.Coverage.BLOCK_LAYER, 0);
        assertFalse(s.listening("q"));
    }

    /**
     * Runs the schedule as the source does against a pool whose writes come at {@code writeAt}
     * times (sorted; each one block of 2048): a write while the schedule listens is a signal; a
     * look sees the counters and reads the pool when they moved. Returns the readings' times and
     * used blocks, as {time, used} pairs.
     */
    private static java.util.List<long[]> run(LookSchedule s, long from, long until, long[] writeAt) {
        java.util.List<long[]> readings = new java.util.ArrayList<>();
        int written = 0;
        long t = from;
        while (t <= until) {
            long look = s.next().orElseThrow();
            if (written < writeAt.length && writeAt[written] < look) {
                t = writeAt[written++];
                if (s.listening("p")) {
                    s.written("p", t);
                }
                continue;
            }
            t = look;
            if (s.looked("p", after(written), t)) {
                s.read("p", Optional.of(status(Mode.WRITE, written)), after(written), t);
                readings.add(new long[] {t, written});
            }
        }
        return readings;
    }

    /** The first reading at or past {@code blocks} used, and when a write first took usage there. */
    private static long lateness(java.util.List<long[]> readings, long[] writeAt, int blocks) {
        long crossed = writeAt[blocks - 1];
        long seen = readings.stream().filter(r -> r[1] >= blocks).mapToLong(r -> r[0]).findFirst().orElseThrow();
        return seen - crossed;
    }

    @Test
    void aSteadyFillIsReadWithinASecondOfEachCrossingWhereverItFallsBetweenLooks() {
        for (long phase = 0; phase < S; phase += 130_000_000L) {
            LookSchedule s = new LookSchedule(LOOK, MAX, SAFETY, MAX, SETTLE);
            long quiet = quietPool(s, "p", 0, ReadingSchedule.Coverage.BLOCK_LAYER);
            long start = quiet + 100 * S + phase;
            // 0.5 % of 2048 blocks a second (bench/thinpool's slow pattern): a block every 97.7 ms, 0 -> 96 %.
            long[] writeAt = new long[1966];
            for (int i = 0; i < writeAt.length; i++) {
                writeAt[i] = start + i * 97_656_250L;
            }
            var readings = run(s, quiet, writeAt[writeAt.length - 1] + 2 * S, writeAt);
            for (int percent : new int[] {80, 85, 90, 95}) {
                long late = lateness(readings, writeAt, (int) Math.ceil(2048 * percent / 100.0));
                assertTrue(late >= 0 && late <= S, percent + " % read " + late / 1e9 + " s after the write that crossed it (phase " + phase + ")");
            }
        }
    }

    @Test
    void aFillInStepsAFewSecondsApartIsReadWithinASecondOfEachStep() {
        for (long gap : new long[] {2 * S, 3 * S + S / 3, 7 * S, 20 * S}) {
            LookSchedule s = new LookSchedule(LOOK, MAX, SAFETY, SETTLE);
            long quiet = quietPool(s, "p", 0);
            // 41 blocks (2 %) at once, every gap: the pool pauses between steps, as the metadata device does between commits.
            long[] writeAt = new long[41 * 40];
            for (int i = 0; i < writeAt.length; i++) {
                writeAt[i] = quiet + 50 * S + (i / 41) * gap + (i % 41) * 1_000_000L;
            }
            var readings = run(s, quiet, writeAt[writeAt.length - 1] + 10 * S, writeAt);
            for (int step = 1; step <= 40; step++) {
                long late = lateness(readings, writeAt, step * 41);
                assertTrue(late >= 0 && late <= S, "step " + step + " every " + gap / 1e9 + " s read " + late / 1e9 + " s after it");
            }
        }
    }

    @Test
    void aStormOfTenThousandWriteSignalsInTenSecondsCostsAboutOneLookASecond() {
        LookSchedule s = new LookSchedule(LOOK, MAX, SAFETY, MAX, SETTLE);
        long quiet = quietPool(s, "p", 0, ReadingSchedule.Coverage.BLOCK_LAYER);
        long start = quiet + 10 * S;
        int looks = 0;
        long writes = 0;
        for (int i = 0; i < 10_000; i++) {
            long t = start + i * 1_000_000L;
            s.written("p", t); // every write signalled, armed or not: the schedule must rate-limit them itself
            writes++;
            while (s.next().orElseThrow() <= t) {
                long look = s.next().orElseThrow();
                looks++;
                if (s.looked("p", after(writes), look)) {
                    s.read("p", Optional.of(status(Mode.WRITE, writes)), after(writes), look);
                }
            }
        }
        assertEquals(12, looks, "one at the first signal, then one every 0.9 s up to 9.9 s: " + looks);
    }

    @Test
    void looksAtAPoolBeingWrittenDoNotLockOntoTheOneSecondMetadataCommit() {
        LookSchedule s = new LookSchedule(LOOK, MAX, SAFETY, MAX, SETTLE);
        long t = quietPool(s, "p", 0, ReadingSchedule.Coverage.BLOCK_LAYER) + 10 * S;
        s.written("p", t);
        java.util.Set<Long> tenths = new java.util.TreeSet<>();
        for (long writes = 1; writes <= 10; writes++) {
            t = s.next().orElseThrow();
            tenths.add(t % S / (S / 10));
            assertTrue(s.looked("p", after(writes), t));
            s.read("p", Optional.of(status(Mode.WRITE, writes)), after(writes), t);
        }
        assertEquals(10, tenths.size(), "ten looks fall in ten different tenths of the second (a commit's dip lasts a fraction of it): " + tenths);
    }

    @Test
    void aSafetyLookThatFindsWritesNoSignalShowedReadsThePoolAndLooksAtItAsWritten() {
        LookSchedule s = new LookSchedule(LOOK, MAX, SAFETY, SETTLE);
        long t = quietPool(s, "p", 0);
        t = s.next().orElseThrow();
        assertTrue(s.looked("p", after(7), t), "written through mmap, say: the counters moved");
        assertFalse(s.quiet("p"));
        s.read("p", Optional.of(status(Mode.WRITE, 70)), after(7), t);
        assertEquals(OptionalLong.of(t + 9 * S / 10), s.next(), "looked at again 0.9 s later");
    }

    @Test
    void quietPoolsShareOneSafetyLook() {
        LookSchedule s = new LookSchedule(LOOK, MAX, SAFETY, SETTLE);
        quietPool(s, "p", 0);
        quietPool(s, "q", 7 * S);
        assertEquals(s.nextLook("p"), s.nextLook("q"), "one wake-up for both");
        assertEquals(OptionalLong.of(105 * S), s.next());
    }

    @Test
    void aPoolWhoseSignalIsIncompleteIsNeverQuiet() {
        LookSchedule s = found(ReadingSchedule.Coverage.NONE);
        for (long t = s.next().orElseThrow(); t <= 3600 * S; t = s.next().orElseThrow()) {
            if (s.looked("p", after(0), t)) {
                s.read("p", Optional.of(status(Mode.WRITE, 0)), after(0), t);
            }
            assertFalse(s.quiet("p"), "at " + t / S + " s");
            assertEquals(OptionalLong.of(t + LOOK.toNanos()), s.next(), "a look every interval, as without signals");
        }
    }

    @Test
    void aPoolThatCannotGrowWantsNoSignal() {
        LookSchedule s = new LookSchedule(LOOK, MAX, SAFETY, SETTLE);
        s.read("p", Optional.of(status(Mode.OUT_OF_DATA_SPACE, 2048)), after(0), 0);
        s.covered("p", ReadingSchedule.Coverage.FILESYSTEMS, 0);
        s.written("p", S);
        assertFalse(s.quiet("p"), "no signal armed: writes to a full pool would only wake the agent for nothing");
        assertEquals(OptionalLong.of(MAX.toNanos()), s.next(), "read again after the longest interval");
    }

    @Test
    void aQuietHourUnderTheBlockLayerSignalCostsTwelveLooksSharedWithTheLongestInterval() {
        LookSchedule s = new LookSchedule(LOOK, MAX, SAFETY, MAX, SETTLE);
        long quiet = quietPool(s, "p", 0, ReadingSchedule.Coverage.BLOCK_LAYER);
        int[] hour = quietHour(s, quiet);
        assertEquals(12, hour[0], "one safety look every 5 min from 45 s on");
        assertEquals(12, hour[1], "each is also the longest interval's reading");
        s.written("p", quiet + 3601 * S);
        assertEquals(OptionalLong.of(quiet + 3601 * S), s.next(), "its signal still wakes it at once");
    }

    @Test
    void blockAndFilesystemCoveredPoolsKeepTheirOwnSafetyLooks() {
        LookSchedule s = new LookSchedule(LOOK, MAX, SAFETY, MAX, SETTLE);
        quietPool(s, "fs", 0);
        quietPool(s, "blk", 0, ReadingSchedule.Coverage.BLOCK_LAYER);
        assertEquals(OptionalLong.of(105 * S), s.nextLook("fs"), "60 s after it became quiet");
        assertEquals(OptionalLong.of(345 * S), s.nextLook("blk"), "5 min after it became quiet");
    }
}
