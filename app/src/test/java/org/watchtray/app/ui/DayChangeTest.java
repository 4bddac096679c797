package org.watchtray.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.watchtray.nativeaccess.testing.MutableClock;

/** The timeline's midnight redraw, on an injected wall clock that jumps the way a suspend and a clock change make it. */
class DayChangeTest {
    private static final Instant TEN_AM = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void aWaitNeverOutlastsTheBoundSoASuspendAcrossMidnightIsSeenWithinIt() {
        MutableClock clock = new MutableClock(TEN_AM);   // UTC
        DayChange day = new DayChange(clock);

        assertEquals(DayChange.BOUND, day.nextWait(), "14 h to midnight, but the wait is bounded");
        clock.advance(Duration.ofHours(15));            // suspended over midnight: the monotonic wait saw none of it
        assertTrue(day.changed(), "the wall-clock date is read again when the wait ends");
        assertFalse(day.changed(), "and the change is told once");
    }

    @Test
    void justBeforeMidnightTheWaitEndsAtMidnight() {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T23:59:30Z"));
        DayChange day = new DayChange(clock);

        assertEquals(Duration.ofSeconds(30), day.nextWait());
        assertFalse(day.changed());
        clock.advance(Duration.ofSeconds(30));
        assertTrue(day.changed());
        assertEquals(DayChange.BOUND, day.nextWait());
    }

    @Test
    void aClockSetBackOverMidnightIsADayChangeToo() {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-02T00:00:10Z"));
        DayChange day = new DayChange(clock);

        clock.advance(Duration.ofMinutes(-5));
        assertTrue(day.changed(), "yesterday's rows are today's again");
        assertEquals(Duration.ofMinutes(1), day.nextWait());
    }

    @Test
    void aWaitIsNeverShorterThanASecond() {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T23:59:59.900Z"));
        assertEquals(Duration.ofSeconds(1), new DayChange(clock).nextWait());
    }
}
