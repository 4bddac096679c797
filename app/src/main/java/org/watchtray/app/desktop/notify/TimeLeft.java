package org.watchtray.app.desktop.notify;

import java.time.Duration;
import java.time.Instant;

/**
 * How long until something, as a toast title says it: "in 45 s", "in 3 min", "in 1 h 20 min",
 * and, when only a window is known, "in about 2 min". A title says only what is known: an
 * exact time left to the minute (seconds under a minute), a window as its middle rounded up.
 */
final class TimeLeft {
    private TimeLeft() {
    }

    /** From {@code now} until {@code at}, known to the second. */
    static String exact(Instant now, Instant at) {
        return "in " + words(Duration.between(now, at).toSeconds(), false);
    }

    /** From {@code now} until somewhere between {@code earliest} and {@code latest}. */
    static String about(Instant now, Instant earliest, Instant latest) {
        long middle = (Duration.between(now, earliest).toSeconds() + Duration.between(now, latest).toSeconds() + 1) / 2;
        return "in about " + words(middle, true);
    }

    private static String words(long seconds, boolean roundUp) {
        long s = Math.max(0, seconds);
        if (s < 60 && !roundUp) {
            return s + " s";
        }
        long minutes = roundUp ? Math.max(1, (s + 59) / 60) : Math.round(s / 60.0);
        if (minutes < 60) {
            return minutes + " min";
        }
        if (roundUp) {
            long hours = (s + 3599) / 3600;
            return hours < 48 ? hours + " h" : (hours + 23) / 24 + " days";
        }
        long hours = minutes / 60;
        if (hours >= 48) {
            return Math.round(minutes / 1440.0) + " days";
        }
        return minutes % 60 == 0 ? hours + " h" : hours + " h " + minutes % 60 + " min";
    }
}
