package org.watchtray.app.ui.timeline;

import java.time.Instant;
import java.util.List;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.app.history.SqliteHistoryStore.Extent;
import org.watchtray.core.history.HistoryStore.StoredEvent;

/**
 * The history below what the timeline holds in memory, read a page at a time (the SQLite
 * history's keyset pages, docs/history.md). Called on the FX thread: each call reads one page or
 * one count from an index, never the whole history.
 */
public interface HistoryPages {
    /**
     * How many events older than {@code before} pass {@code filter}, and where every
     * {@link #STRIDE}-th of them is, so that a jump counts at most that many rows.
     */
    Extent extent(RowFilter filter, Instant before);

    /**
     * Events older than {@code before} that pass {@code filter}, newest first: those after
     * {@code after} when it is given (the previous page's last), else from {@code offset} on,
     * counted from the nearest mark of {@code extent} when it is known (null: from the top).
     */
    List<StoredEvent> page(RowFilter filter, Instant before, StoredEvent after, long offset, int limit, Extent extent);

    /**
     * What passes {@code filter} between {@code from} and {@code to} (null: no end), counted per
     * local day ({@code offsetSeconds} east of UTC) and {@code by}, newest day first.
     */
    List<SqliteHistoryStore.Group> groups(RowFilter filter, SqliteHistoryStore.GroupBy by, Instant from, Instant to, int offsetSeconds);

    /** When the oldest event in the history happened; null when it is empty. */
    Instant oldest();

    /** Rows between two marks of an {@link Extent}: a jump counts fewer than this in the index. */
    int STRIDE = 2048;
}
