package org.watchtray.app.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.app.testing.Fx;
import org.watchtray.nativeaccess.testing.MutableClock;
import org.watchtray.app.testing.SampleEvents;

/** The charts' time axis: it reaches the present when the charts are looked at, and no two ticks read the same. */
class ChartsTimeTest {
    private static final Instant T0 = Instant.parse("2025-03-01T13:08:47Z");

    @Test
    void theRateChartReachesThePresentWhenItComesIntoView() {
        MutableClock clock = new MutableClock(T0);
        TimelineViewModel timeline = Fx.call(() -> new TimelineViewModel(clock, 1000, () -> { }));
        ChartsViewModel charts = timeline.charts();
        Fx.run(() -> timeline.accept(List.of(SampleEvents.usbError(T0, 1, 4))));
        Fx.run(charts::refresh);
        Instant lastBefore = charts.rateTable().get().bucketStarts().getLast();

        clock.advance(Duration.ofMinutes(3));                // nothing happened meanwhile
        Fx.run(() -> charts.showing(true));
        Instant last = charts.rateTable().get().bucketStarts().getLast();
        Duration width = charts.rateTable().get().width();
        assertTrue(last.isAfter(lastBefore), "the axis moved on: " + lastBefore + " -> " + last);
        assertTrue(!last.isAfter(clock.instant()) && last.plus(width).isAfter(clock.instant()),
                "the last bucket holds the present: " + last + " + " + width + " vs " + clock.instant());
        Fx.run(() -> charts.showing(false));
    }

    @Test
    void aMinuteAndAHalfHasTicksEveryThirtySecondsWithSeconds() {
        TimeAxis axis = TimeAxis.fit(T0, T0.plusSeconds(85));
        assertEquals(30, axis.tick());
        assertEquals(List.of("13:08:30", "13:09:00", "13:09:30", "13:10:00", "13:10:30"), axis.labels(ZoneOffset.UTC, java.util.Locale.GERMANY));
    }

    @Test
    void noTwoTicksReadTheSameAtAnySpan() {
        ZoneId zone = ZoneId.of("Europe/Berlin");
        for (long span = 60; span < 30L * 86_400; span = span * 5 / 4 + 1) {
            TimeAxis axis = TimeAxis.fit(T0, T0.plusSeconds(span));
            List<String> labels = axis.labels(zone, java.util.Locale.US);
            assertEquals(labels.size(), new HashSet<>(labels).size(), "span " + span + " s: " + labels);
            assertTrue(axis.lower() <= T0.getEpochSecond() && axis.upper() >= T0.getEpochSecond() + span, "the range is inside the axis");
            assertTrue(labels.size() <= 10, "span " + span + " s: " + labels.size() + " ticks");
        }
    }
}
