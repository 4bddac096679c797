package org.watchtray.core.thinpool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.watchtray.core.thinpool.ThinPoolStatus.Mode;

/** The agent's reading schedule depends on how fast pools fill, never on anyone's thresholds. */
class FillRateScheduleTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private final FillRateSchedule schedule = new FillRateSchedule(Duration.ofSeconds(10), Duration.ofMinutes(5), 1.0);

    private void at(long seconds, long usedData) {
        ThinPoolStatus s = new ThinPoolStatus(Mode.WRITE, 0, 200, 2000, usedData, 1000, "-", "discard_passdown", true, false, OptionalLong.of(512));
        schedule.observed(new ThinPoolReading.Status(T0.plusSeconds(seconds), "pool", "", "7:0 7:1 128 768", "…"), s);
    }

    @Test
    void readsOftenWhileFillingAndRarelyWhenIdle() {
        assertEquals(Optional.empty(), schedule.next()); // no pool, no timer
        at(0, 100);
        assertEquals(Duration.ofSeconds(60), schedule.next().orElseThrow()); // no rate yet
        at(60, 100);
        assertEquals(Duration.ofMinutes(5), schedule.next().orElseThrow()); // idle: the longest interval
        at(70, 700);                                                          // ~ +600 blocks in 10 s
        assertEquals(Duration.ofSeconds(10), schedule.next().orElseThrow());
        schedule.forget("pool");
        assertEquals(Optional.empty(), schedule.next());
    }

    @Test
    void aPoolIsReadAboutOnceForEachPercentagePointItFills() {
        at(0, 100);
        at(600, 160);                                                         // 60 blocks (6 points) in 10 min: 1 point a 100 s
        assertEquals(100, schedule.next().orElseThrow().toSeconds(), 1);
    }
}
