package org.watchtray.app.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Locale;

/**
 * An instant's local time as {@code yyyy-MM-dd HH:mm:ss.SSS} in one zone, exactly as
 * {@link DateTimeFormatter} writes it, appended digit by digit.
 *
 * <p>Why not the formatter: {@code watchtray monitor} prints on the backend thread, and the
 * formatter's temporaries were much of a line's garbage; caching its text per second made the
 * formatting run once a second, too rarely for the JIT, so the line that starts a new second
 * paid for interpreted code (~0.2 ms of a 50 µs change). This runs on every line, so it gets
 * compiled, and allocates nothing: the zone's offset is kept until the zone's next transition,
 * and the date comes from days since the epoch by arithmetic (the civil calendar in 400-year
 * eras, after Howard Hinnant's "civil_from_days").
 *
 * <p>Years outside 1..9999 (which the pattern writes with a sign or as years of an era) go to
 * the formatter. Not thread-safe (it keeps the current offset): one per printing thread.
 */
final class LineClock {
    private static final long SECONDS_PER_DAY = 86_400;
    /** Days from 0000-03-01 (the start of an era's first year, March-based) to 1970-01-01. */
    private static final long EPOCH_SHIFT = 719_468;
    private static final long DAYS_PER_ERA = 146_097;

    private final ZoneRules rules;
    private final DateTimeFormatter fallback;
    /** The offset in force from {@link #validFrom} (epoch second, inclusive) to {@link #validUntil} (exclusive). */
    private int offsetSeconds;
    private long validFrom = Long.MAX_VALUE;
    private long validUntil = Long.MIN_VALUE;

    LineClock(ZoneId zone) {
        this.rules = zone.getRules();
        this.fallback = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(zone);
    }

    /** Appends {@code time}'s local date and time to the millisecond. */
    void append(StringBuilder b, Instant time) {
        long second = time.getEpochSecond();
        long local = second + offsetAt(time, second);
        long days = Math.floorDiv(local, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(local, SECONDS_PER_DAY);
        // Days counted from 0000-03-01, so that a year ends with its leap day.
        long z = days + EPOCH_SHIFT;
        long era = Math.floorDiv(z, DAYS_PER_ERA);
        int dayOfEra = (int) (z - era * DAYS_PER_ERA);                                     // 0..146096
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;  // 0..399
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);   // 0..365, from March 1
        int monthFromMarch = (5 * dayOfYear + 2) / 153;                                    // 0..11
        int day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
        int month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 1 || year > 9999) {
            b.append(fallback.format(time));
            return;
        }
        digits(b, (int) year, 4).append('-');
        digits(b, month, 2).append('-');
        digits(b, day, 2).append(' ');
        digits(b, secondOfDay / 3600, 2).append(':');
        digits(b, secondOfDay / 60 % 60, 2).append(':');
        digits(b, secondOfDay % 60, 2).append('.');
        digits(b, time.getNano() / 1_000_000, 3);
    }

    /** The zone's offset at {@code time}, looked up again only when it leaves the range the last one holds for. */
    private int offsetAt(Instant time, long second) {
        if (second < validFrom || second >= validUntil) {
            offsetSeconds = rules.getOffset(time).getTotalSeconds();
            ZoneOffsetTransition next = rules.nextTransition(time);
            // Transitions fall on whole seconds, so the offset holds from this second to the next transition.
            validFrom = second;
            validUntil = next == null ? Long.MAX_VALUE : next.toEpochSecond();
        }
        return offsetSeconds;
    }

    /** {@code value} (0 up to {@code 10^width - 1}) in {@code width} digits, zero-padded. */
    private static StringBuilder digits(StringBuilder b, int value, int width) {
        int place = 1;
        for (int i = 1; i < width; i++) {
            place *= 10;
        }
        for (; place > 0; place /= 10) {
            b.append((char) ('0' + value / place % 10));
        }
        return b;
    }
}
