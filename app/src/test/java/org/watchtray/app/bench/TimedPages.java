package org.watchtray.app.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.app.ui.timeline.HistoryPages;
import org.watchtray.app.ui.timeline.HistoryRates;
import org.watchtray.app.ui.timeline.RowFilter;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.history.HistoryStore.StoredEvent;

/**
 * The timeline's history as the app gives it ({@code StorePages}), with every call timed: which
 * call, on which thread, when it started (from a mark the bench sets) and how long it took. The
 * bench prints them as the phases of an action (a page on the FX thread is on the path to the
 * first screen; a count in the background is not).
 */
final class TimedPages implements HistoryPages, HistoryRates {
    /** One call: {@code what} on {@code thread}, started {@code startMs} after the mark, for {@code ms}. */
    record Call(String what, String thread, double startMs, double ms) {
    }

    private final HistoryPages pages;
    private final HistoryRates rates;
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private volatile long mark = System.nanoTime();

    <T extends HistoryPages & HistoryRates> TimedPages(T pages) {
        this.pages = pages;
        this.rates = pages;
    }

    /** Starts a new action: later calls are timed from now, earlier ones forgotten. */
    void mark(long nanos) {
        calls.clear();
        mark = nanos;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    private <T> T timed(String what, java.util.function.Supplier<T> call) {
        long a = System.nanoTime();
        try {
            return call.get();
        } finally {
            long b = System.nanoTime();
            calls.add(new Call(what, Thread.currentThread().getName(), (a - mark) / 1e6, (b - a) / 1e6));
        }
    }

    @Override
    public SqliteHistoryStore.Extent extent(RowFilter filter, Instant before) {
        return timed("count", () -> pages.extent(filter, before));
    }

    @Override
    public List<StoredEvent> page(RowFilter filter, Instant before, StoredEvent after, long offset, int limit,
                                  SqliteHistoryStore.Extent extent) {
        return timed(after == null && offset == 0 ? "first page" : "page", () -> pages.page(filter, before, after, offset, limit, extent));
    }

    @Override
    public List<SqliteHistoryStore.Group> groups(RowFilter filter, SqliteHistoryStore.GroupBy by, Instant from, Instant to, int offsetSeconds) {
        return timed("groups", () -> pages.groups(filter, by, from, to, offsetSeconds));
    }

    @Override
    public Instant oldest() {
        return timed("oldest", pages::oldest);
    }

    @Override
    public Map<SourceId, int[]> count(Instant from, Instant to, Duration width, int buckets) {
        return timed("chart counts", () -> rates.count(from, to, width, buckets));
    }
}
