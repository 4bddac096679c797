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

    /**
     * One bounded step of retention, so a writer can interleave it with its writes: drops at
     * most {@code chunk} of the oldest events among those older than {@code cutoff}, beyond
     * {@code maxEvents}, or making the store larger than {@code maxBytes}, and gives back the
     * space they held. Returns how many went; {@code chunk} means there may be more to do.
     */
    default int retainStep(Instant cutoff, int maxEvents, long maxBytes, int chunk) {
        return Math.min(chunk - 1, prune(cutoff, maxEvents));
    }

    /**
     * One bounded piece of upkeep the store defers from writing (indexing rows for search), for
     * a writer with nothing else to do; returns how much it did, 0 when nothing is left.
     */
    default int tidyStep(int chunk) {
        return 0;
    }

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
