package org.watchtray.app.ui.timeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;

/**
 * Folds repeats into rows: an event joins the open row of the same source, name, object and
 * severity when it comes within the window of that row's last event; otherwise it opens a new
 * row. Loss markers and source status changes are never folded: each one matters on its own.
 */
final class Grouper {
    record Key(SourceId source, String name, String subject, Severity severity) {
    }

    /** The rows one step made (oldest first) and the rows they replace. */
    record Step(List<TimelineRow> added, Set<TimelineRow> replaced) {
    }

    private final Map<Key, TimelineRow> open;
    private final Duration window;

    Grouper(Map<Key, TimelineRow> open, Duration window) {
        this.open = open;
        this.window = window;
    }

    static Key keyOf(Event e) {
        return e instanceof LossEvent || e instanceof SourceStatusEvent ? null
                : new Key(e.source(), e.name(), e.subject(), e.severity());
    }

    /**
     * @param firstSeq  the seq of the first new row; each following row gets the next one
     * @param unread    whether each event counts as unread (parallel to {@code events})
     * @param readUpTo  rows with a seq at or below this are read
     */
    Step fold(List<Event> events, long firstSeq, List<Boolean> unread, long readUpTo) {
        List<TimelineRow> added = new ArrayList<>(events.size());
        Set<TimelineRow> replaced = Collections.newSetFromMap(new IdentityHashMap<>());
        long seq = firstSeq;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            int u = unread.get(i) ? 1 : 0;
            Key key = keyOf(e);
            TimelineRow prev = key == null ? null : open.get(key);
            TimelineRow row;
            if (prev != null && Duration.between(prev.last(), e.time()).abs().compareTo(window) <= 0) {
                int prevUnread = prev.seq() > readUpTo ? prev.unreadAtCreation() : 0;
                java.time.Instant first = e.time().isBefore(prev.first()) ? e.time() : prev.first();
                row = new TimelineRow(seq++, e, prev.count() + 1, first, prevUnread + u);
                if (!removeFromEnd(added, prev)) {
                    replaced.add(prev);
                }
            } else {
                row = new TimelineRow(seq++, e, 1, e.time(), u);
            }
            if (key != null) {
                open.put(key, row);
            }
            added.add(row);
        }
        return new Step(added, replaced);
    }

    /** Forgets rows that left the timeline. */
    void forget(TimelineRow row) {
        Key key = keyOf(row.event());
        if (key != null && open.get(key) == row) {
            open.remove(key);
        }
    }

    private static boolean removeFromEnd(List<TimelineRow> rows, TimelineRow row) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (rows.get(i) == row) {
                rows.remove(i);
                return true;
            }
        }
        return false;
    }
}
