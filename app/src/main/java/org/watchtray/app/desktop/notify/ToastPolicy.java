package org.watchtray.app.desktop.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.watchtray.app.desktop.Resolutions;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.settings.Settings;

/**
 * Decides, for each event, whether the user gets a toast, an update of an open toast, the
 * withdrawal of one, or nothing (the timeline still gets every event; this only decides about
 * the toast). Pure apart from its own memory of open toasts, snoozes and recent toasts; time
 * is passed in. Not thread-safe: the toast thread owns it.
 *
 * <p>Rules, in order:
 * <ol>
 * <li>An event that resolves an object with an open toast withdraws that toast, or, when the
 *     user will want to know it worked (a renewed ticket), replaces it with a short confirmation.</li>
 * <li>A source's own status (started, fell back, unavailable) goes to the timeline and the
 *     Sources view only: a missing optional agent must not pop up at every login. Except a
 *     history that cannot be written: events are being lost, and the user can act on it.</li>
 * <li>A ticket's expiry warning that the history shows was already given (the same ticket, the
 *     same end time, the same threshold) is not given again: a ticket that expired before the
 *     app started is not toasted at every start.</li>
 * <li>Nothing is toasted from a source whose toast switch is off, or below the minimum severity.</li>
 * <li>A snoozed object stays quiet until the snooze ends, unless it gets worse.</li>
 * <li>Do-not-disturb and quiet hours hold back everything except critical events (a read-only
 *     remount or a full pool loses work if it waits until morning).</li>
 * <li>An open toast for the same object is replaced in place, which adds no popup.</li>
 * <li>New toasts are rate limited per source and overall within a sliding window; what the limit
 *     holds back is counted in one "N more … alerts" toast per source.</li>
 * </ol>
 */
public final class ToastPolicy {

    /** At most {@code perSource} new toasts per source and {@code overall} in total per {@code window}. */
    public record Limits(int perSource, int overall, Duration window) {
        public static final Limits DEFAULT = new Limits(3, 6, Duration.ofMinutes(1));
    }

    public sealed interface Decision {
        /** Show {@code toast}; {@code replaces} when a toast for the same key is open. */
        record Show(Toast toast, boolean replaces) implements Decision {
        }

        /** Close the open toast for {@code key}: its problem is over. */
        record Withdraw(ToastKey key) implements Decision {
        }

        /** No toast; why. */
        record Hold(Reason reason) implements Decision {
        }
    }

    public enum Reason { SOURCE_STATUS, ALREADY_SAID, SOURCE_TOASTS_OFF, BELOW_MIN_SEVERITY, SNOOZED, DO_NOT_DISTURB, QUIET_HOURS, RATE_LIMITED }

    private record Snooze(Instant until, Severity upTo) {
    }

    private final Limits limits;
    /** The zone quiet hours are counted in: the system's now, as it changes. */
    private final java.util.function.Supplier<ZoneId> zone;
    private final ToastContent content;
    private final Set<ToastKey> open = new HashSet<>();
    private final Map<ToastKey, Snooze> snoozes = new HashMap<>();
    private final Map<SourceId, ArrayDeque<Instant>> recentBySource = new EnumMap<>(SourceId.class);
    private final ArrayDeque<Instant> recent = new ArrayDeque<>();
    private final Map<SourceId, Integer> heldBack = new EnumMap<>(SourceId.class);
    private final Set<String> said = new HashSet<>();
    private Settings settings;
    private Instant doNotDisturbUntil;

    /** A policy whose toasts are in English (tests). */
    public ToastPolicy(Settings settings, Limits limits, ZoneId zone) {
        this(settings, limits, zone, new ToastContent(new org.watchtray.app.text.EventText(org.watchtray.app.text.Messages.english(zone))));
    }

    /** @param content what the toasts say, in the user's language */
    public ToastPolicy(Settings settings, Limits limits, ZoneId zone, ToastContent content) {
        this(settings, limits, fixed(zone), content);
    }

    /** @param zone the zone quiet hours are in, asked at each toast (the system's, which may change) */
    public ToastPolicy(Settings settings, Limits limits, java.util.function.Supplier<ZoneId> zone, ToastContent content) {
        this.settings = Objects.requireNonNull(settings);
        this.limits = Objects.requireNonNull(limits);
        this.zone = Objects.requireNonNull(zone);
        this.content = Objects.requireNonNull(content);
    }

    private static java.util.function.Supplier<ZoneId> fixed(ZoneId zone) {
        Objects.requireNonNull(zone);
        return () -> zone;
    }

    /** What the toasts say. */
    public ToastContent content() {
        return content;
    }

    public void settings(Settings s) {
        settings = Objects.requireNonNull(s);
    }

    /** Events the history already holds: their expiry warnings are not given again. */
    public void alreadySaid(Iterable<Event> past) {
        for (Event e : past) {
            fingerprint(e).ifPresent(said::add);
        }
    }

    /**
     * What makes an expiry warning the same one again, whenever and however often it is derived:
     * the ticket (principal, cache), its end time and the change (with the threshold for a
     * warning). Empty for every other event: a mount going read-only again is news.
     */
    static Optional<String> fingerprint(Event e) {
        if (e instanceof CredentialEvent c && c.endTime() != null
                && (c.change() == CredentialEvent.Change.EXPIRES_SOON
                    || c.change() == CredentialEvent.Change.EXPIRED)) {
            return Optional.of(String.join("\u0000", c.name(), c.principal(), c.cache(), c.endTime().toString(),
                    String.valueOf(c.lead())));
        }
        return Optional.empty();
    }

    /** Do-not-disturb until {@code until}; null turns it off. */
    public void doNotDisturbUntil(Instant until) {
        doNotDisturbUntil = until;
    }

    /** Keeps {@code key} quiet until {@code until} unless an event more severe than {@code upTo} arrives. */
    public void snooze(ToastKey key, Severity upTo, Instant until) {
        snoozes.put(key, new Snooze(until, upTo));
    }

    /** The server closed the toast (expired, dismissed, withdrawn): a later event opens a new one. */
    public void closed(ToastKey key) {
        open.remove(key);
        if (key.overflow()) {
            heldBack.remove(key.source());
        }
    }

    public boolean isOpen(ToastKey key) {
        return open.contains(key);
    }

    public Decision decide(Event e, Instant now) {
        ToastKey key = ToastKey.of(e);
        if (Resolutions.resolves(e)) {
            snoozes.remove(key);
            if (open.contains(key) && ToastContent.confirms(e)) {
                return new Decision.Show(content.confirmation(e), true);
            }
            if (open.remove(key)) {
                return new Decision.Withdraw(key);
            }
        }
        if (e instanceof SourceStatusEvent s && !ToastContent.historyLost(s)) {
            return new Decision.Hold(Reason.SOURCE_STATUS);
        }
        Optional<String> fingerprint = fingerprint(e);
        if (fingerprint.isPresent() && !said.add(fingerprint.get())) {
            return new Decision.Hold(Reason.ALREADY_SAID);
        }
        if (!settings.rules(e.source()).toasts()) {
            return new Decision.Hold(Reason.SOURCE_TOASTS_OFF);
        }
        if (!e.severity().atLeast(settings.minToastSeverity())) {
            return new Decision.Hold(Reason.BELOW_MIN_SEVERITY);
        }
        Snooze snooze = snoozes.get(key);
        if (snooze != null) {
            if (now.isBefore(snooze.until()) && e.severity().compareTo(snooze.upTo()) <= 0) {
                return new Decision.Hold(Reason.SNOOZED);
            }
            snoozes.remove(key);
        }
        if (e.severity() != Severity.CRITICAL) {
            if (doNotDisturbUntil != null && now.isBefore(doNotDisturbUntil)) {
                return new Decision.Hold(Reason.DO_NOT_DISTURB);
            }
            if (settings.quietHours().covers(LocalTime.ofInstant(now, zone.get()))) {
                return new Decision.Hold(Reason.QUIET_HOURS);
            }
        }
        if (open.contains(key)) {
            return new Decision.Show(content.of(e), true);
        }
        ArrayDeque<Instant> mine = recentBySource.computeIfAbsent(e.source(), s -> new ArrayDeque<>());
        forget(mine, now);
        forget(recent, now);
        if (mine.size() >= limits.perSource() || recent.size() >= limits.overall()) {
            int count = heldBack.merge(e.source(), 1, Integer::sum);
            ToastKey overflow = ToastKey.overflowOf(e.source());
            boolean replaces = !open.add(overflow);
            return new Decision.Show(content.overflow(e.source(), count), replaces);
        }
        mine.addLast(now);
        recent.addLast(now);
        open.add(key);
        return new Decision.Show(content.of(e), false);
    }

    private void forget(ArrayDeque<Instant> times, Instant now) {
        Instant horizon = now.minus(limits.window());
        while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
            times.removeFirst();
        }
    }
}
