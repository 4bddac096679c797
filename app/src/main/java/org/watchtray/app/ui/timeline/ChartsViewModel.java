package org.watchtray.app.ui.timeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.watchtray.app.ui.FxDelay;
import org.watchtray.core.event.Event;
import org.watchtray.core.thinpool.ThinPoolEvent;

/**
 * What the charts show: event rate over time by source, and each thin pool's data and metadata
 * usage over time. Counting is cheap and done per batch; the snapshots the charts draw from are
 * rebuilt at most once a second after events arrived while in view, when the charts come into view, and while
 * they are in view once per bucket (at least every 10 s) so the time axis reaches the present.
 * No timer runs while the charts are not in view.
 *
 * <p>With the SQLite history ({@link HistoryRates}) the rate chart counts the whole history:
 * when the charts come into view and at each tick while they are, one count runs off the FX
 * thread (in SQL, up to the moment it was asked for); events that happened since are added from
 * memory, so a live event bumps its bucket at the next refresh without a new count. Without it the
 * rates are counted from the events kept in memory.
 */
public final class ChartsViewModel {
    private static final Duration REFRESH_DELAY = Duration.ofSeconds(1);

    private final Clock clock;
    private final EventRates rates = new EventRates(200_000);
    private final PoolUsage pools = new PoolUsage(2_000);
    private final ReadOnlyObjectWrapper<EventRates.RateTable> rateTable =
            new ReadOnlyObjectWrapper<>(this, "rateTable", EventRates.RateTable.EMPTY);
    private final ReadOnlyObjectWrapper<Map<String, List<PoolUsage.Sample>>> poolSamples =
            new ReadOnlyObjectWrapper<>(this, "poolSamples", Map.of());
    // Delays, not PauseTransitions: a transition is an animation, which keeps JavaFX pulsing 60
    // times a second for as long as it waits (docs/idle.md); the charts wait 10 s and more.
    private FxDelay pending;
    private FxDelay ticking;
    private boolean showing;
    /** Null: the rates come from memory alone. */
    private final HistoryRates history;
    /** Runs a count off the FX thread; its answer comes back through {@code Platform.runLater}. */
    private final Consumer<Runnable> background;
    private final Consumer<Runnable> fxThread;
    /** The history's last answer; null until the first. */
    private Counted counted;
    private boolean counting;
    private boolean countAgain;

    ChartsViewModel(Clock clock) {
        this(clock, null, r -> { }, r -> { });
    }

    /**
     * @param history    the whole history's counts (null: only the events in memory)
     * @param background where a count runs
     * @param fxThread   where its answer is shown
     */
    ChartsViewModel(Clock clock, HistoryRates history, Consumer<Runnable> background, Consumer<Runnable> fxThread) {
        this.clock = clock;
        this.history = history;
        this.background = background;
        this.fxThread = fxThread;
    }

    /** The history's counts per source for {@code layout}, of the events before {@code upTo}. */
    private record Counted(EventRates.Layout layout, Map<org.watchtray.core.event.SourceId, int[]> counts, Instant upTo) {
    }

    void accept(List<Event> batch) {
        count(batch);
        // Out of view nothing is drawn from the snapshots: coming into view rebuilds them, so a
        // flood costs the charts nothing while another tab is shown (docs/timeline.md, "A flood").
        if (showing && pending == null) {
            pending = FxDelay.after(REFRESH_DELAY, () -> {
                pending = null;
                rebuild();
            });
        }
    }

    void restore(List<Event> oldestFirst) {
        count(oldestFirst);
        refresh();
    }

    private void count(List<Event> batch) {
        for (Event e : batch) {
            rates.add(e.time(), e.source());
            if (e instanceof ThinPoolEvent t) {
                pools.add(t);
            }
        }
    }

    /** The charts came into view (true) or left it: rebuilt now, and kept current while in view. */
    public void showing(boolean inView) {
        showing = inView;
        if (ticking != null) {
            ticking.cancel();
            ticking = null;
        }
        if (inView) {
            refresh();
            tick();
        }
    }

    private void tick() {
        long millis = Math.max(10_000, rateTable.get().width().toMillis());
        ticking = FxDelay.after(Duration.ofMillis(millis), () -> {
            if (showing) {
                refresh();
                tick();
            }
        });
    }

    /** Rebuilds the snapshots now (with the history: from its last count, and counts it again while in view). */
    public void refresh() {
        rebuild();
        if (history != null && showing) {
            countHistory();
        }
    }

    /** The snapshots from what is known, without a new count (live events between two ticks). */
    private void rebuild() {
        publish();
        poolSamples.set(pools.snapshot());
    }

    private void publish() {
        Counted c = counted;
        if (c == null) {
            rateTable.set(rates.table(clock.instant()));
        } else {
            // Events up to the count are in it; those since come from memory, so none is counted twice.
            rateTable.set(rates.table(c.layout(), c.counts(), c.upTo().toEpochMilli()));
        }
    }

    /** One count at a time; a refresh during one asks for another after it. */
    private void countHistory() {
        if (counting) {
            countAgain = true;
            return;
        }
        counting = true;
        Instant upTo = clock.instant();
        Instant inMemory = rates.oldest();
        background.accept(() -> {
            Counted c;
            try {
                Instant oldest = history.oldest();
                Instant from = oldest == null ? inMemory : inMemory == null ? oldest
                        : oldest.isBefore(inMemory) ? oldest : inMemory;
                EventRates.Layout layout = EventRates.Layout.of(from == null ? upTo : from, upTo);
                c = new Counted(layout, history.count(layout.start(), upTo, layout.width(), layout.buckets()), upTo);
            } catch (RuntimeException e) {
                // The history cannot be read now (it says so on its own): the charts keep what they show.
                c = null;
            }
            Counted answer = c;
            fxThread.accept(() -> {
                counting = false;
                if (answer != null) {
                    counted = answer;
                    publish();
                }
                if (countAgain) {
                    countAgain = false;
                    if (showing) {
                        countHistory();
                    }
                }
            });
        });
    }

    public ReadOnlyObjectProperty<EventRates.RateTable> rateTable() {
        return rateTable.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Map<String, List<PoolUsage.Sample>>> poolSamples() {
        return poolSamples.getReadOnlyProperty();
    }
}
