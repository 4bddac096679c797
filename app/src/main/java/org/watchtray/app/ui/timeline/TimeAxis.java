package org.watchtray.app.ui.timeline;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chart's time axis: bounds on round ticks (about six to eight of them) and a label format fine
 * enough to tell every tick apart ("13:09:00", "13:09:30" — never "13:09" twice), in the locale's own order. Pure; the
 * chart draws a tick at {@code lower + k * tick}.
 */
record TimeAxis(long lower, long upper, long tick, String skeleton) {
    private static final long[] STEPS = {10, 30, 60, 300, 600, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 7 * 86_400};

    /** The axis for [{@code from}, {@code to}] (at least a minute wide). */
    static TimeAxis fit(Instant from, Instant to) {
        long lo = from.getEpochSecond();
        long hi = Math.max(to.getEpochSecond(), lo + 60);
        long tick = STEPS[STEPS.length - 1];
        for (long s : STEPS) {
            // Counted on the rounded bounds: at most 8 steps once both ends sit on a tick.
            if (-Math.floorDiv(-hi, s) - Math.floorDiv(lo, s) <= 8) {
                tick = s;
                break;
            }
        }
        long lower = Math.floorDiv(lo, tick) * tick;
        long upper = -Math.floorDiv(-hi, tick) * tick;
        // Skeletons (DateTimeFormatter.ofLocalizedPattern): each locale orders them its own way; j is its hour cycle.
        String skeleton;
        if (tick < 60) {
            skeleton = "jms";
        } else if (tick >= 86_400) {
            skeleton = "MMMd";
        } else {
            // A day or more apart, the same time of day comes round again: the date tells them apart.
            skeleton = upper - lower >= 86_400 ? "MMMdjm" : "jm";
        }
        return new TimeAxis(lower, upper, tick, skeleton);
    }

    /** A tick's label in the locale's own order and words ("Mar 1", "1. März"; "13:09" everywhere it is 24-hour). */
    String label(long epochSecond, ZoneId zone, Locale locale) {
        return DateTimeFormatter.ofLocalizedPattern(skeleton).withLocale(locale).withZone(zone).format(Instant.ofEpochSecond(epochSecond));
    }

    /** Every tick's label, left to right. */
    List<String> labels(ZoneId zone, Locale locale) {
        List<String> out = new ArrayList<>();
        for (long t = lower; t <= upper; t += tick) {
            out.add(label(t, zone, locale));
        }
        return out;
    }
}
