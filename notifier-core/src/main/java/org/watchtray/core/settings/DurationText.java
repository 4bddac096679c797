package org.watchtray.core.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in a settings file or on a command line (the agent's
 * options): {@code "90s"}, {@code "15m"}, {@code "1h30m"}, {@code "30d"}, {@code "250ms"}. Written in that form (largest units first,
 * zero parts left out); read in that form or as ISO-8601 ({@code "PT15M"}, {@code "P30D"}),
 * so a file edited by hand or by another tool still loads.
 */
public final class DurationText {
    private static final Pattern COMPACT = Pattern.compile(
            "(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] UNIT_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    private static final String[] UNIT_NAMES = {"d", "h", "m", "s", "ms"};

    private DurationText() {
    }

    /** "1h30m" for 90 minutes, "0s" for zero. Negative durations are not settings and are refused. */
    public static String format(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration " + d);
        }
        long rest = d.toMillis();
        if (rest == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            long n = rest / UNIT_MILLIS[i];
            if (n > 0) {
                out.append(n).append(UNIT_NAMES[i]);
                rest -= n * UNIT_MILLIS[i];
            }
        }
        return out.toString();
    }

    /**
     * Parses "90s"-style or ISO-8601 text (case and surrounding blanks ignored).
     *
     * @throws IllegalArgumentException with a message naming the accepted forms
     */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
                if (d.isNegative()) {
                    throw new IllegalArgumentException("'" + text + "' is negative");
                }
                return d;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as PT15M");
            }
        }
        Matcher m = COMPACT.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 90s, 15m, 1h30m or 30d");
        }
        Duration d = Duration.ZERO;
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            String n = m.group(i + 1);
            if (n != null) {
                try {
                    d = d.plus(Duration.ofMillis(Math.multiplyExact(Long.parseLong(n), UNIT_MILLIS[i])));
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' is too long a duration");
                }
            }
        }
        return d;
    }
}
