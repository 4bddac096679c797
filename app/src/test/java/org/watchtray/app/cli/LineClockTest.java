package org.watchtray.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link LineClock} writes what {@link DateTimeFormatter} writes for the same pattern, in zones
 * with DST both ways, half- and three-quarter-hour offsets and historic offsets in seconds,
 * around every transition, on leap days, before 1970, and over random instants fed in random
 * order (its offset is cached between transitions).
 */
class LineClockTest {
    private static final String PATTERN = "yyyy-MM-dd HH:mm:ss.SSS";

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu",
            "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns", "Europe/Dublin", "Africa/Casablanca", "+05:45"})
    void everyTransitionFromEitherSide(String zoneName) {
        ZoneId zone = ZoneId.of(zoneName);
        List<Instant> instants = new ArrayList<>();
        Instant t = Instant.parse("1850-01-01T00:00:00Z");
        Instant end = Instant.parse("2045-01-01T00:00:00Z");
        ZoneOffsetTransition next;
        while ((next = zone.getRules().nextTransition(t)) != null && next.getInstant().isBefore(end)) {
            Instant at = next.getInstant();
            for (long ms : new long[] {-3_600_000, -1001, -1000, -1, 0, 1, 999, 1000, 3_600_000}) {
                instants.add(at.plusMillis(ms));
            }
            t = at;
        }
        assertTrue(zone instanceof ZoneOffset || zoneName.equals("UTC") || instants.size() > 9, "transitions of " + zone);
        // In time order, as a monitor prints, and then backwards and shuffled, as the cache must not assume order.
        assertFormatsAsFormatter(zone, instants);
        Collections.reverse(instants);
        assertFormatsAsFormatter(zone, instants);
        Collections.shuffle(instants, new java.util.Random(16));
        assertFormatsAsFormatter(zone, instants);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu"})
    void randomInstantsOverTheYearsThePatternWritesPlain(String zoneName) {
        ZoneId zone = ZoneId.of(zoneName);
        SplittableRandom random = new SplittableRandom(11);
        long from = Instant.parse("0001-01-02T00:00:00Z").getEpochSecond();
        long to = Instant.parse("9999-12-30T00:00:00Z").getEpochSecond();
        long near = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
        long nearTo = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();
        List<Instant> instants = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            long second = i % 2 == 0 ? random.nextLong(from, to) : random.nextLong(near, nearTo);
            instants.add(Instant.ofEpochSecond(second, random.nextInt(1_000_000_000)));
        }
        assertFormatsAsFormatter(zone, instants);
    }

    @Test
    void leapDaysCenturiesAndTheDaysAroundThem() {
        List<Instant> instants = new ArrayList<>();
        for (String day : new String[] {"1600-02-29", "1700-02-28", "1900-02-28", "1969-12-31", "1970-01-01", "1972-02-29",
                "2000-02-29", "2024-02-29", "2100-02-28", "0001-01-01", "9999-12-31"}) {
            LocalDateTime start = LocalDateTime.parse(day + "T00:00:00");
            for (long s = -86_400; s <= 2 * 86_400; s += 1_799) {
                instants.add(start.plusSeconds(s).toInstant(ZoneOffset.UTC).plusNanos(999_999_999));
                instants.add(start.plusSeconds(s).toInstant(ZoneOffset.UTC));
            }
        }
        assertFormatsAsFormatter(ZoneId.of("UTC"), instants);
        assertFormatsAsFormatter(ZoneId.of("Asia/Kathmandu"), instants);
        assertFormatsAsFormatter(ZoneId.of("America/New_York"), instants);
    }

    @Test
    void yearsThePatternWritesWithASignOrAsAnEraStillMatch() {
        List<Instant> instants = List.of(Instant.parse("0000-06-01T12:00:00Z"), Instant.parse("-0044-03-15T10:00:00Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999Z"));
        assertFormatsAsFormatter(ZoneId.of("UTC"), instants);
        assertFormatsAsFormatter(ZoneId.of("Europe/Berlin"), instants);
    }

    @Test
    void aLineOfTheMonitor() {
        StringBuilder b = new StringBuilder("[");
        new LineClock(ZoneId.of("Asia/Kolkata")).append(b, Instant.parse("2026-12-05T05:52:42.250Z"));
        assertEquals("[2026-12-05 11:22:42.250", b.toString());
    }

    private static void assertFormatsAsFormatter(ZoneId zone, List<Instant> instants) {
        DateTimeFormatter formatter = DateTimeFormatter.ofPattern(PATTERN, Locale.ROOT).withZone(zone);
        LineClock clock = new LineClock(zone);
        StringBuilder b = new StringBuilder();
        for (Instant t : instants) {
            b.setLength(0);
            clock.append(b, t);
            String expected = formatter.format(t);
            if (!expected.contentEquals(b)) {
                assertEquals(expected, b.toString(), t + " in " + zone);
            }
        }
    }
}
