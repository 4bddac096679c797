package org.watchtray.app.ui.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.watchtray.core.event.SourceId;

/**
 * The charts' counts from the whole history, counted where it is kept (SQLite's time index,
 * docs/history.md) instead of from the rows in memory. Called off the FX thread: a count over a
 * year of history takes longer than a frame.
 */
public interface HistoryRates {
    /** When the oldest event in the history happened; null when it is empty. */
    Instant oldest();

    /**
     * Events per source in {@code buckets} buckets of {@code width} starting at {@code from}, of
     * those that happened before {@code to}; sources without events are absent.
     */
    Map<SourceId, int[]> count(Instant from, Instant to, Duration width, int buckets);
}
