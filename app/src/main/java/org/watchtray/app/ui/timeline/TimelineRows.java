package org.watchtray.app.ui.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
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
 * The timeline's rows in the order of their events' time, with repeats folded. Pure (no
 * JavaFX), so the same rules hold wherever the rows come from (memory now, SQLite pages later).
 *
 * <p>Order: by the time of the row's latest event; events of the same instant by arrival
 * ({@link TimelineRow#seq()}), so the order is total and stable. Events arrive in any order (the
 * agent's, the history read back below live ones) and each goes to its place in time.
 *
 * <p>Grouping: an event joins the row of the same source, name, object and severity only when
 * nothing else lies between them in time and it is within the window of that row. A repeat
 * with another event in between starts a new row, so no event is moved from its place in time:
 * "read-only, writable, read-only" stays three rows in that order. Loss markers and source
 * status changes are never folded.
 *
 * <p>Rows are kept oldest first (new events, usually the newest, are appended);
 * {@link #newestFirst()} is the view the timeline shows.
 */
final class TimelineRows {
    /** Oldest first: by the latest event's time, then by arrival. */
    static final Comparator<TimelineRow> OLDEST_FIRST = Comparator.comparing(TimelineRow::last).thenComparingLong(TimelineRow::seq);
    /** The timeline's order. */
    static final Comparator<TimelineRow> NEWEST_FIRST = OLDEST_FIRST.reversed();

    record Key(SourceId source, String name, String subject, Severity severity) {
    }

    /**
     * What one {@link #add} did: the rows it added that are still there, oldest first; the
     * rows that were there before and are gone (folded into a new row); for every row that was
     * folded, the row that now holds its events; and whether every added row went above every
     * row that was there before (the usual case: the timeline only grows at the top).
     */
    record Step(List<TimelineRow> added, Set<TimelineRow> removed, Map<TimelineRow, TimelineRow> successors, boolean onTop) {
        /** The row that holds {@code row}'s events now ({@code row} itself when it was not folded). */
        TimelineRow successor(TimelineRow row) {
            TimelineRow r = row;
            for (TimelineRow next = successors.get(r); next != null; next = successors.get(r)) {
                r = next;
            }
            return r;
        }
    }

    private final Duration window;
    private final ArrayList<TimelineRow> rows = new ArrayList<>();
    /** The newest row of each key: the only one a repeat can join. */
    private final Map<Key, TimelineRow> newestOfKey = new HashMap<>();

    TimelineRows(Duration window) {
        this.window = window;
    }

    static Key keyOf(Event e) {
        return e instanceof LossEvent || e instanceof SourceStatusEvent ? null
                : new Key(e.source(), e.name(), e.subject(), e.severity());
    }

    int size() {
        return rows.size();
    }

    /** Every row, newest first (a view). */
    List<TimelineRow> newestFirst() {
        return Collections.unmodifiableList(rows.reversed());
    }

    /**
     * Adds {@code events} (in arrival order) with seqs from {@code firstSeq} on.
     *
     * @param unread   whether each event counts as unread (parallel to {@code events})
     * @param readUpTo rows with a seq at or below this are read
     */
    Step add(List<Event> events, long firstSeq, List<Boolean> unread, long readUpTo) {
        Set<TimelineRow> added = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<TimelineRow> removed = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<TimelineRow, TimelineRow> successors = new IdentityHashMap<>();
        long seq = firstSeq;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            int u = unread.get(i) ? 1 : 0;
            Key key = keyOf(e);
            TimelineRow single = new TimelineRow(seq++, e, 1, e.time(), u);
            int at = insertionPoint(single);
            TimelineRow group = key == null ? null : newestOfKey.get(key);
            TimelineRow row;
            if (group != null && adjacent(group, at) && near(group, e.time())) {
                int prevUnread = group.seq() > readUpTo ? group.unreadAtCreation() : 0;
                boolean newer = !e.time().isBefore(group.last());
                Instant first = e.time().isBefore(group.first()) ? e.time() : group.first();
                row = new TimelineRow(single.seq(), newer ? e : group.event(), group.count() + 1, first, prevUnread + u);
                rows.remove(indexOf(group));
                rows.add(insertionPoint(row), row);
                successors.put(group, row);
                if (!added.remove(group)) {
                    removed.add(group);
                }
            } else {
                row = single;
                rows.add(at, row);
            }
            added.add(row);
            if (key != null) {
                TimelineRow newest = newestOfKey.get(key);
                if (newest == null || newest == group || OLDEST_FIRST.compare(row, newest) > 0) {
                    newestOfKey.put(key, row);
                }
            }
        }
        List<TimelineRow> addedInOrder = new ArrayList<>(added);
        addedInOrder.sort(OLDEST_FIRST);
        // On top: the newest rows now are exactly the added ones.
        boolean onTop = true;
        for (int j = 0, k = addedInOrder.size(); j < k && onTop; j++) {
            onTop = rows.get(rows.size() - k + j) == addedInOrder.get(j);
        }
        return new Step(addedInOrder, removed, successors, onTop);
    }

    /** Drops the oldest rows beyond {@code capacity}; returns them, oldest first. */
    List<TimelineRow> trimTo(int capacity) {
        int excess = rows.size() - capacity;
        if (excess <= 0) {
            return List.of();
        }
        List<TimelineRow> head = rows.subList(0, excess);
        List<TimelineRow> gone = new ArrayList<>(head);
        head.clear();
        for (TimelineRow r : gone) {
            Key key = keyOf(r.event());
            if (key != null && newestOfKey.get(key) == r) {
                newestOfKey.remove(key);
            }
        }
        return gone;
    }

    /** Whether a row inserted at {@code at} would sit right next to {@code group}, nothing between them. */
    private boolean adjacent(TimelineRow group, int at) {
        return (at > 0 && rows.get(at - 1) == group) || (at < rows.size() && rows.get(at) == group);
    }

    /** Within the window of the group's span (an event inside the span is near). */
    private boolean near(TimelineRow group, Instant t) {
        Duration gap = t.isBefore(group.first()) ? Duration.between(t, group.first())
                : t.isAfter(group.last()) ? Duration.between(group.last(), t) : Duration.ZERO;
        return gap.compareTo(window) <= 0;
    }

    private int insertionPoint(TimelineRow row) {
        int i = Collections.binarySearch(rows, row, OLDEST_FIRST);
        return i >= 0 ? i : -i - 1;
    }

    private int indexOf(TimelineRow row) {
        int i = Collections.binarySearch(rows, row, OLDEST_FIRST);
        if (i < 0 || rows.get(i) != row) {
            throw new IllegalStateException("row not in the timeline");
        }
        return i;
    }
}
