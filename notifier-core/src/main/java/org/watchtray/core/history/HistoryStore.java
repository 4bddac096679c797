package org.watchtray.core.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;

/** Where events are kept for looking back. Implementations must be safe to call from any thread. */
public interface HistoryStore extends AutoCloseable {

    /** Appends a batch; returns how many were stored. */
    int append(List<Event> batch);

    /** Events matching {@code query}, newest first: by the event's time, events of the same instant by arrival. */
    List<StoredEvent> query(Query query);

    /** Marks everything up to {@code id} as read. */
    void markReadUpTo(long id);

    /** Drops events older than {@code cutoff} and beyond {@code maxEvents}; returns how many went. */
    int prune(Instant cutoff, int maxEvents);

    @Override
    void close();

    /** An event as it was stored: its row id, whether the user has seen it, and the event. */
    record StoredEvent(long id, boolean read, Event event) {
    }

    /** A filter over the history; empty sets and nulls mean "any". */
    record Query(Instant since, Instant until, Set<SourceId> sources, Severity minSeverity, String text, int limit) {
        public static Query all(int limit) {
            return new Query(null, null, Set.of(), null, null, limit);
        }

        public Optional<Instant> sinceOpt() {
            return Optional.ofNullable(since);
        }
    }
}
