package org.watchtray.core.journal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.event.Text;
import org.watchtray.core.pipeline.EventSink;
import org.watchtray.core.source.SourceStatus;

/**
 * Writes events to the systemd journal, one entry each ({@link JournalEntries}), as a hub
 * subscriber on the backend thread. The sink never blocks; what it cannot deliver is counted,
 * never retried, so a missing or flooded journal costs one failed non-blocking send per event
 * and never an error loop.
 *
 * <p>The journal's health is a source status ({@link SourceId#JOURNAL}), reported through
 * {@code reports} only when it changes: active at start, degraded while journald is not keeping
 * up, unavailable while there is none. Once entries get through again after a quiet spell of
 * {@link #RECOVERY} without failures, the status is active again and a {@link LossEvent} says
 * how many entries are missing, so the journal itself records the gap. Reports come back
 * through the hub and are journaled like any event.
 */
public final class JournalWriter implements EventSink {
    /** How long sends must go through before a failing journal counts as healthy again (no flapping under load). */
    public static final Duration RECOVERY = Duration.ofSeconds(5);

    private final JournalSink sink;
    private final String identifier;
    private final Predicate<Event> which;
    private final Clock clock;
    private final Consumer<Event> reports;
    private volatile boolean enabled;

    // Backend-thread state.
    private Delivery.Outcome failing;
    private String firstProblem = "";
    private Instant failingSince;
    private Instant lastFailure;
    private long dropped;
    private long sentTotal;
    private long droppedTotal;

    /**
     * @param identifier {@code SYSLOG_IDENTIFIER}: {@link JournalEntries#DESKTOP} or {@link JournalEntries#AGENT}
     * @param which      the events this process journals (the desktop leaves thin pools and USB to the agent)
     * @param reports    where status and loss reports go; they must reach the hub later, not from inside {@link #accept}
     */
    public JournalWriter(JournalSink sink, String identifier, Predicate<Event> which, Clock clock, Consumer<Event> reports) {
        this.sink = Objects.requireNonNull(sink);
        this.identifier = Objects.requireNonNull(identifier);
        this.which = Objects.requireNonNull(which);
        this.clock = Objects.requireNonNull(clock);
        this.reports = Objects.requireNonNull(reports);
    }

    /** Turns journaling on or off (the user's setting) and reports the new status. Safe from any thread. */
    public void setEnabled(boolean on) {
        if (enabled == on) {
            return;
        }
        enabled = on;
        report(on ? SourceStatus.active(SourceId.JOURNAL, sink.describe())
                : new SourceStatus(SourceId.JOURNAL, SourceStatus.State.DISABLED, sink.describe(), ""));
    }

    public boolean enabled() {
        return enabled;
    }

    @Override
    public void accept(List<Event> batch) {
        if (!enabled) {
            return;
        }
        for (Event e : batch) {
            if (which.test(e)) {
                write(e);
            }
        }
    }

    private void write(Event e) {
        Delivery d = sink.send(JournalEntries.of(e, identifier));
        Instant now = clock.instant();
        if (d.sent()) {
            sentTotal++;
            if (failing != null && !now.isBefore(lastFailure.plus(RECOVERY))) {
                recovered(now);
            }
            return;
        }
        dropped++;
        droppedTotal++;
        lastFailure = now;
        if (failing != d.outcome()) {
            if (failing == null) {
                failingSince = now;
                firstProblem = d.detail();
            }
            failing = d.outcome();
            report(failureStatus(d));
        }
    }

    private SourceStatus failureStatus(Delivery d) {
        return switch (d.outcome()) {
            case BUSY -> SourceStatus.degraded(SourceId.JOURNAL, sink.describe(),
                    "journald is not keeping up; entries it cannot take are dropped and counted (" + d.detail() + ")");
            case ABSENT -> SourceStatus.unavailable(SourceId.JOURNAL,
                    "no journald is listening (" + d.detail() + "); entries are dropped and counted");
            case FAILED -> SourceStatus.unavailable(SourceId.JOURNAL, "entries cannot be sent (" + d.detail() + ")");
            case SENT -> throw new IllegalArgumentException("not a failure");
        };
    }

    private void recovered(Instant now) {
        long lost = dropped;
        String since = Text.time(failingSince);
        String why = firstProblem;
        failing = null;
        dropped = 0;
        report(SourceStatus.active(SourceId.JOURNAL, sink.describe()));
        reports.accept(new LossEvent(now, SourceId.JOURNAL, lost, "not journaled between " + since + " and "
                + Text.time(now) + (why.isEmpty() ? "" : ": " + why)));
    }

    private void report(SourceStatus status) {
        reports.accept(new SourceStatusEvent(clock.instant(), status));
    }

    /** Entries delivered since start. Backend thread (or after it stopped). */
    public long sent() {
        return sentTotal;
    }

    /** Entries dropped since start. Backend thread (or after it stopped). */
    public long dropped() {
        return droppedTotal;
    }
}
