package org.watchtray.core.event;

import java.time.Duration;

/** Human durations for summaries: "45 s", "12 min", "3 h", "2 days". */
public final class Durations {
    private Durations() {
    }

    public static String humanize(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 90) {
            return s + " s";
        }
        if (s < 90 * 60) {
            return Math.round(s / 60.0) + " min";
        }
        if (s < 36 * 3600) {
            return Math.round(s / 3600.0) + " h";
        }
        return Math.round(s / 86400.0) + " days";
    }
}
