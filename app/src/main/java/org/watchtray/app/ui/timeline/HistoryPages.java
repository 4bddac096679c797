package org.watchtray.app.ui.timeline;

import java.time.Instant;
import java.util.List;
import org.watchtray.core.history.HistoryStore.StoredEvent;

/**
 * The history below what the timeline holds in memory, read a page at a time (the SQLite
 * history's keyset pages, docs/history.md). Called on the FX thread: each call reads one page or
 * one count from an index, never the whole history.
 */
public interface HistoryPages {
    /** How many events older than {@code before} pass {@code filter}. */
    long count(RowFilter filter, Instant before);

    /**
     * Events older than {@code before} that pass {@code filter}, newest first: those after
     * {@code after} when it is given (the previous page's last), else from {@code offset} on.
     */
    List<StoredEvent> page(RowFilter filter, Instant before, StoredEvent after, long offset, int limit);
}
