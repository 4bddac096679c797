package org.watchtray.app.history;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.history.HistoryStore;

/**
 * The history for this session only, used when the file cannot be (a read-only or full disk):
 * the app keeps working and the timeline can still be queried. Bounded by {@code maxEvents}.
 */
public final class MemoryHistoryStore implements HistoryStore {
    private final ArrayDeque<StoredEvent> events = new ArrayDeque<>();
    private final int maxEvents;
    private long nextId = 1;

    public MemoryHistoryStore(int maxEvents) {
        this.maxEvents = Math.max(1, maxEvents);
    }

    @Override
    public synchronized int append(List<Event> batch) {
        for (Event e : batch) {
            if (events.size() == maxEvents) {
                events.removeFirst();
            }
            events.addLast(new StoredEvent(nextId++, false, e));
        }
        return batch.size();
    }

    /** As the SQLite store orders: by the event's time, then by arrival. */
    private static final java.util.Comparator<StoredEvent> NEWEST_FIRST =
            java.util.Comparator.comparing((StoredEvent s) -> s.event().time()).thenComparingLong(StoredEvent::id).reversed();

    @Override
    public synchronized List<StoredEvent> query(Query q) {
        List<StoredEvent> out = new ArrayList<>();
        String text = q.text() == null || q.text().isBlank() ? null : q.text().strip().toLowerCase(Locale.ROOT);
        for (Iterator<StoredEvent> it = events.descendingIterator(); it.hasNext(); ) {
            StoredEvent s = it.next();
            Event e = s.event();
            if ((q.since() == null || !e.time().isBefore(q.since()))
                    && (q.until() == null || e.time().isBefore(q.until()))
                    && (q.sources() == null || q.sources().isEmpty() || q.sources().contains(e.source()))
                    && (q.minSeverity() == null || e.severity().atLeast(q.minSeverity()))
                    && (text == null || contains(EnglishSummary.of(e), text) || contains(e.subject(), text) || contains(e.name(), text))) {
                out.add(s);
            }
        }
        out.sort(NEWEST_FIRST);
        return q.limit() > 0 && out.size() > q.limit() ? List.copyOf(out.subList(0, q.limit())) : out;
    }

    private static boolean contains(String s, String lowerNeedle) {
        return s != null && s.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    @Override
    public synchronized void markReadUpTo(long id) {
        List<StoredEvent> all = new ArrayList<>(events);
        events.clear();
        for (StoredEvent s : all) {
            events.addLast(s.id() <= id && !s.read() ? new StoredEvent(s.id(), true, s.event()) : s);
        }
    }

    @Override
    public synchronized int prune(Instant cutoff, int max) {
        int before = events.size();
        events.removeIf(s -> s.event().time().isBefore(cutoff));
        while (events.size() > max) {
            events.removeFirst();
        }
        return before - events.size();
    }

    @Override
    public void close() {
    }
}
