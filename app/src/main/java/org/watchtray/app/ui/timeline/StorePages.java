package org.watchtray.app.ui.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.history.HistoryStore.Query;
import org.watchtray.core.history.HistoryStore.StoredEvent;

/**
 * {@link HistoryPages} over the SQLite history: the filter becomes the query, loss markers pass
 * it as on screen. Pages and counts use two reading connections, so a long count never holds up
 * the page the table waits for. The charts' counts ({@link HistoryRates}) use the counting one.
 */
public record StorePages(SqliteHistoryStore store, SqliteHistoryStore counter) implements HistoryPages, HistoryRates {
    /** Two readers of {@code history}. */
    public static StorePages of(SqliteHistoryStore history) {
        return new StorePages(history.reader(), history.reader());
    }

    @Override
    public SqliteHistoryStore.Extent extent(RowFilter filter, Instant before) {
        return counter.extent(query(filter, before), true, STRIDE);
    }

    @Override
    public List<StoredEvent> page(RowFilter filter, Instant before, StoredEvent after, long offset, int limit,
                                  SqliteHistoryStore.Extent extent) {
        if (after == null && offset > 0 && extent != null) {
            return store.page(query(filter, before), true, extent, offset, limit);
        }
        return store.page(query(filter, before), after == null ? null : SqliteHistoryStore.Cursor.of(after), true,
                after == null ? offset : 0, limit);
    }

    /** On the pages' connection: while the timeline is grouped it reads no pages, and counts may be long. */
    @Override
    public List<SqliteHistoryStore.Group> groups(RowFilter filter, SqliteHistoryStore.GroupBy by, Instant from, Instant to, int offsetSeconds) {
        return store.groups(new Query(from, to, filter.sources(), filter.minSeverity(), filter.text().isEmpty() ? null : filter.text(), 0),
                by, offsetSeconds);
    }

    private static Query query(RowFilter f, Instant before) {
        return new Query(f.since(), before, f.sources(), f.minSeverity(), f.text().isEmpty() ? null : f.text(), 0);
    }

    /**
     * On the pages' connection (one step down the index): the grouped timeline asks between two
     * spans, and the counting connection may be busy with a long count for seconds.
     */
    @Override
    public Instant oldest() {
        return store.oldest();
    }

    @Override
    public Map<SourceId, int[]> count(Instant from, Instant to, Duration width, int buckets) {
        Map<SourceId, int[]> counts = new EnumMap<>(SourceId.class);
        for (SqliteHistoryStore.SourceBucket b : counter.sourceBuckets(from, to, width)) {
            SourceId source = source(b.source());
            if (source != null && b.index() >= 0 && b.index() < buckets) {
                counts.computeIfAbsent(source, s -> new int[buckets])[(int) b.index()] += (int) Math.min(Integer.MAX_VALUE, b.count());
            }
        }
        return counts;
    }

    /** Null for a source this version does not know (a newer watchtray wrote the row): not charted. */
    private static SourceId source(String wireName) {
        try {
            return SourceId.fromWireName(wireName);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
