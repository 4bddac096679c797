package org.watchtray.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void writesLargestUnitsFirstLeavingOutZeroParts() {
        assertEquals("0s", DurationText.format(Duration.ZERO));
        assertEquals("1m30s", DurationText.format(Duration.ofSeconds(90)));
        assertEquals("15m", DurationText.format(Duration.ofMinutes(15)));
        assertEquals("1h30m", DurationText.format(Duration.ofMinutes(90)));
        assertEquals("30d", DurationText.format(Duration.ofDays(30)));
        assertEquals("1d1h1m1s1ms", DurationText.format(Duration.ofMillis(90_061_001)));
        assertEquals("250ms", DurationText.format(Duration.ofMillis(250)));
    }

    @Test
    void readsCompactAndIsoFormsAndRoundTrips() {
        assertEquals(Duration.ofSeconds(90), DurationText.parse("90s"));
        assertEquals(Duration.ofSeconds(90), DurationText.parse(" 1M30S "));
        assertEquals(Duration.ofMillis(250), DurationText.parse("250ms"));
        assertEquals(Duration.ofMinutes(15), DurationText.parse("PT15M"));
        assertEquals(Duration.ofDays(30), DurationText.parse("p30d"));
        for (long ms : new long[] {0, 1, 999, 1000, 61_000, 3_600_000, 86_400_000L * 400 + 7}) {
            assertEquals(Duration.ofMillis(ms), DurationText.parse(DurationText.format(Duration.ofMillis(ms))));
        }
    }

    @Test
    void refusesWhatIsNotADuration() {
        for (String bad : new String[] {"", "15", "m", "15 m", "1s1h", "-5m", "PT-5M", "P", "5y", "99999999999999999999d"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationText.parse(bad), bad);
            assertEquals(true, e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
