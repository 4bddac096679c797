package org.watchtray.app.desktop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The session's do-not-disturb switch (not saved: it is about now). Listeners hear the end time,
 * or null when it is off, on every change and once more when it runs out; that expiry is a
 * single one-shot timer, so an idle app does not wake to check the clock.
 */
public final class DoNotDisturb {
    /** "Until tomorrow" means tomorrow at this local time. */
    public static final LocalTime MORNING = LocalTime.of(8, 0);

    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final CopyOnWriteArrayList<Consumer<Instant>> listeners = new CopyOnWriteArrayList<>();
    private Instant until;
    private ScheduledFuture<?> expiry;

    public DoNotDisturb(Clock clock, ScheduledExecutorService timer) {
        this.clock = Objects.requireNonNull(clock);
        this.timer = Objects.requireNonNull(timer);
    }

    /** The end of do-not-disturb, or null when it is off. */
    public synchronized Instant until() {
        return until != null && clock.instant().isBefore(until) ? until : null;
    }

    public AutoCloseable listen(Consumer<Instant> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void forDuration(Duration d) {
        set(clock.instant().plus(d));
    }

    public void untilTomorrowMorning() {
        set(tomorrowMorning(clock.instant(), clock.getZone()));
    }

    public void off() {
        set(null);
    }

    /** Tomorrow at {@link #MORNING} in {@code zone}. */
    public static Instant tomorrowMorning(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        return local.toLocalDate().plusDays(1).atTime(MORNING).atZone(zone).toInstant();
    }

    private void set(Instant end) {
        synchronized (this) {
            until = end;
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
            if (end != null) {
                long ms = Math.max(0, Duration.between(clock.instant(), end).toMillis() + 1);
                expiry = timer.schedule(this::expired, ms, TimeUnit.MILLISECONDS);
            }
        }
        listeners.forEach(l -> l.accept(end));
    }

    private void expired() {
        synchronized (this) {
            if (until == null) {
                return;
            }
            long left = Duration.between(clock.instant(), until).toMillis();
            if (left > 0) {
                // Woke a little early (millisecond rounding, a clock step): wait for the rest.
                expiry = timer.schedule(this::expired, left, TimeUnit.MILLISECONDS);
                return;
            }
            until = null;
            expiry = null;
        }
        listeners.forEach(l -> l.accept(null));
    }
}
