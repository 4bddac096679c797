package org.watchtray.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CadenceTest {
    private static final Duration MINUTE = Duration.ofSeconds(60);

    @Test
    void twoPollsScheduledMillisecondsApartComeDueTogetherOnTheWholeMinute() {
        Instant keys = Instant.parse("2026-12-04T23:40:12.345Z");
        Instant kerberos = keys.plusMillis(37);
        assertEquals(Instant.parse("2026-12-04T23:41:00Z"), Cadence.next(keys, MINUTE));
        assertEquals(Cadence.next(keys, MINUTE), Cadence.next(kerberos, MINUTE));
    }

    @Test
    void theNextPollIsLaterThanNowAndNeverMoreThanTheIntervalAway() {
        Instant onTheGrid = Instant.parse("2026-12-04T23:41:00Z");
        // Run at its deadline (or a little after), the poll's next one is a whole interval on.
        assertEquals(Instant.parse("2026-12-04T23:42:00Z"), Cadence.next(onTheGrid, MINUTE));
        assertEquals(Instant.parse("2026-12-04T23:42:00Z"), Cadence.next(onTheGrid.plusMillis(3), MINUTE));
        assertEquals(Instant.parse("2026-12-04T23:41:00Z"), Cadence.next(onTheGrid.minusMillis(1), MINUTE));
        assertEquals(Instant.parse("2026-12-04T23:41:00.300Z"), Cadence.next(onTheGrid.plusMillis(1), Duration.ofMillis(300)));
    }

    @Test
    void anIntervalBelowAMillisecondHasNoGrid() {
        Instant now = Instant.parse("2026-12-04T23:41:00.000000123Z");
        assertEquals(now.plusNanos(500), Cadence.next(now, Duration.ofNanos(500)));
    }
}
