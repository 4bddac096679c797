package org.watchtray.app.ui.timeline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.watchtray.app.history.SqliteHistoryStore.Extent;
import org.watchtray.core.history.HistoryStore.StoredEvent;

/**
 * The timeline's rows below the ones in memory: the history older than a boundary, as a list
 * of a known size whose rows are read a page at a time when the table shows them. Recently
 * shown pages are kept (a bounded number), so the heap does not grow with the history. A page
 * that follows a kept one is read by keyset (after its last row); a jump counts its offset in
 * the index from the nearest mark the background count left ({@link Extent}), so it costs the
 * same at the end of a year of history as near its top.
 */
final class HistoryTail {
    static final int PAGE = 200;
    private static final int KEPT_PAGES = 48;

    private final HistoryPages pages;
    private RowFilter filter = RowFilter.ALL;
    private Instant before;
    private long size;
    /** The count of the current filter and its marks for jumping; null until the count arrived. */
    private Extent extent;
    private final Map<Long, List<StoredEvent>> kept = new LinkedHashMap<>(KEPT_PAGES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<StoredEvent>> eldest) {
            return size() > KEPT_PAGES;
        }
    };
    private final Map<Long, TimelineRow> rows = new java.util.HashMap<>();

    private final java.util.concurrent.Executor background;
    private final java.util.concurrent.Executor fx;
    private final Runnable resized;
    /** Which reset is current; read off the FX thread by a count that may have become stale while it waited. */
    private volatile long generation;

    /**
     * @param background where the exact count (and the marks) of a new filter runs (it reads the whole index)
     * @param fx         where its result is applied (the thread that calls everything else)
     * @param resized    told on {@code fx} when the count replaced the first page's provisional size
     */
    HistoryTail(HistoryPages pages, java.util.concurrent.Executor background, java.util.concurrent.Executor fx, Runnable resized) {
        this.pages = pages;
        this.background = background;
        this.fx = fx;
        this.resized = resized;
    }

    /**
     * Starts over for {@code filter}, below {@code before} (null: no tail). The first page is
     * read now, so the first screen needs no count; the size is that page's until the count,
     * started in the background, arrives.
     */
    void reset(RowFilter filter, Instant before) {
        replace(filter, before, before == null ? List.of() : pages.page(filter, before, null, 0, PAGE, null), false);
    }

    /**
     * As {@link #reset}, with the first page read on the background thread, so the FX thread
     * does no SQL (a flood moves the boundary once a second while the writer is busiest). The
     * tail stays as it was until the page is read. {@code done} then runs on {@code fx} with
     * what replaces the tail, to be run at once; or with null when another reset came meanwhile
     * (or the page could not be read), and the tail stays. When the boundary only moved up (same
     * filter, a later {@code before}: the rows trimmed from memory join the tail), the tail keeps
     * at least its old size until the count arrives, since it can only have grown: the table's
     * row count then changes once per move (when the count arrives), not twice (down to one
     * page and back up), and the scroll bar does not jump.
     */
    void resetInBackground(RowFilter filter, Instant before, java.util.function.Consumer<Runnable> done) {
        long gen = generation;
        background.execute(() -> {
            List<StoredEvent> first;
            try {
                first = gen == generation ? pages.page(filter, before, null, 0, PAGE, null) : null;
            } catch (RuntimeException e) {
                first = null;   // the history went away (closed, unreadable): the tail stays
            }
            List<StoredEvent> read = first;
            fx.execute(() -> done.accept(read != null && gen == generation ? () -> replace(filter, before, read, movedUp(filter, before)) : null));
        });
    }

    /** Whether the tail below {@code before} for {@code filter} holds every row the current one holds (and maybe more). */
    private boolean movedUp(RowFilter filter, Instant before) {
        return this.before != null && before != null && filter.equals(this.filter) && !before.isBefore(this.before);
    }

    /**
     * The tail for {@code filter} below {@code before}, its first page {@code first} already read.
     *
     * @param grown whether the new tail holds every row of the old one: until the count arrives,
     *              its size is then at least the old size (a row the history no longer has reads as null)
     */
    private void replace(RowFilter filter, Instant before, List<StoredEvent> first, boolean grown) {
        long oldSize = size;
        this.filter = filter;
        this.before = before;
        kept.clear();
        rows.clear();
        extent = null;
        long gen = ++generation;
        if (before == null) {
            size = 0;
            return;
        }
        kept.put(0L, first);
        size = first.size();
        if (first.size() == PAGE) {
            if (grown) {
                size = Math.max(size, oldSize);
            }
            background.execute(() -> {
                if (gen != generation) {
                    return;   // another filter came while this count waited its turn: a walk of the index saved
                }
                Extent counted;
                try {
                    counted = pages.extent(filter, before);
                } catch (RuntimeException e) {
                    return;   // the history went away (closed, unreadable): the first page's size stays
                }
                fx.execute(() -> {
                    if (gen == generation) {
                        extent = counted;
                        size = counted.count();
                        resized.run();
                    }
                });
            });
        }
    }

    Instant boundary() {
        return before;
    }

    int size() {
        return (int) Math.min(Integer.MAX_VALUE - 1_000_000, size);
    }

    /** The row at {@code i}; null when the history no longer has it (retention ran meanwhile). */
    TimelineRow get(int i) {
        long p = i / PAGE;
        List<StoredEvent> page = kept.get(p);
        if (page == null) {
            List<StoredEvent> previous = p == 0 ? null : kept.get(p - 1);
            StoredEvent after = previous == null || previous.size() < PAGE ? null : previous.getLast();
            page = pages.page(filter, before, after, p * PAGE, PAGE, extent);
            kept.put(p, page);
            if (rows.size() > KEPT_PAGES * PAGE * 2) {
                rows.clear();
            }
        }
        int at = (int) (i % PAGE);
        if (at >= page.size()) {
            return null;
        }
        StoredEvent s = page.get(at);
        // One row object per stored event while it is kept: the table finds rows by identity.
        return rows.computeIfAbsent(s.id(), id -> new TimelineRow(Long.MIN_VALUE / 2 + id, s.event(), 1, s.event().time(),
                s.read() ? 0 : 1));
    }
}
