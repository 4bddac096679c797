package org.watchtray.app.ui.timeline;

import java.time.Instant;
import java.util.List;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.core.history.HistoryStore.Query;
import org.watchtray.core.history.HistoryStore.StoredEvent;

/**
 * {@link HistoryPages} over the SQLite history: the filter becomes the query, loss markers pass
 * it as on screen. Pages and counts use two reading connections, so a long count never holds up
 * the page the table waits for.
 */
public record StorePages(SqliteHistoryStore store, SqliteHistoryStore counter) implements HistoryPages {
    /** Two readers of {@code history}. */
    public static StorePages of(SqliteHistoryStore history) {
        return new StorePages(history.reader(), history.reader());
    }

    @Override
    public long count(RowFilter filter, Instant before) {
        return counter.count(query(filter, before), true);
    }

    @Override
    public List<StoredEvent> page(RowFilter filter, Instant before, StoredEvent after, long offset, int limit) {
        return store.page(query(filter, before), after == null ? null : SqliteHistoryStore.Cursor.of(after), true,
                after == null ? offset : 0, limit);
    }

    private static Query query(RowFilter f, Instant before) {
        return new Query(f.since(), before, f.sources(), f.minSeverity(), f.text().isEmpty() ? null : f.text(), 0);
    }
}
