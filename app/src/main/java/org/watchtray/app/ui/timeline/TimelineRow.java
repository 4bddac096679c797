package org.watchtray.app.ui.timeline;

import java.time.Instant;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;

/**
 * One line of the timeline: an event, or a group of repeats of it (same source, name, object
 * and severity, each within {@link TimelineViewModel#GROUP_WINDOW} of the previous) shown as
 * the latest one with "×12 in 5 min" ({@code EventText.repeats}). Immutable: a repeat replaces the row with a new one.
 * Identity matters (rows are found by identity), so equals is not overridden.
 */
public final class TimelineRow {
    private final long seq;
    private final Event event;
    private final int count;
    private final Instant first;
    private final int unread;

    TimelineRow(long seq, Event event, int count, Instant first, int unread) {
        this.seq = seq;
        this.event = event;
        this.count = count;
        this.first = first;
        this.unread = unread;
    }

    /** Order of arrival: higher is newer; rows restored from the history are negative. */
    public long seq() {
        return seq;
    }

    /** The latest event of the row. */
    public Event event() {
        return event;
    }

    /** How many events the row stands for. */
    public int count() {
        return count;
    }

    public Instant first() {
        return first;
    }

    public Instant last() {
        return event.time();
    }

    /** Unread events in the row when it was made (before any "mark all read"). */
    int unreadAtCreation() {
        return unread;
    }

    public boolean isLossMarker() {
        return event instanceof LossEvent;
    }
}
