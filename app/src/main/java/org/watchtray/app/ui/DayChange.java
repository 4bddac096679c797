package org.watchtray.app.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * Notices the local date changing, for views that show "today" differently (the timeline's
 * rows). Waiting until midnight alone is not enough: the wait runs on the monotonic clock, which
 * stops during a suspend and ignores the wall clock being set, so a wait begun before a suspend
 * across midnight would end hours late. So a wait never lasts longer than {@link #BOUND}, and
 * when it ends the wall-clock date is read again: the day's change is seen within
 * {@code BOUND} of a resume or a clock change, at the cost of one wakeup per {@code BOUND} while
 * a window is open.
 */
public final class DayChange {
    /** The longest wait: how late a day change can be seen after a suspend or a clock change. */
    public static final Duration BOUND = Duration.ofMinutes(1);
    /** A wait never shorter than this, so a clock right at midnight does not spin. */
    private static final Duration AT_LEAST = Duration.ofSeconds(1);

    private final Clock clock;
    private final Duration bound;
    private LocalDate day;

    public DayChange(Clock clock) {
        this(clock, BOUND);
    }

    DayChange(Clock clock, Duration bound) {
        this.clock = Objects.requireNonNull(clock);
        this.bound = bound;
        this.day = LocalDate.now(clock);
    }

    /** How long to wait before {@link #changed()} is worth asking: until midnight, at most the bound. */
    public Duration nextWait() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        Duration untilMidnight = Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(now.getZone()));
        Duration wait = untilMidnight.compareTo(bound) < 0 ? untilMidnight : bound;
        return wait.compareTo(AT_LEAST) < 0 ? AT_LEAST : wait;
    }

    /** Whether the wall-clock date is another than when last asked (forwards or back). */
    public boolean changed() {
        LocalDate today = LocalDate.now(clock);
        boolean changed = !today.equals(day);
        day = today;
        return changed;
    }
}
