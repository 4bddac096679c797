package org.watchtray.app.ui.timeline;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.util.Duration;
import org.watchtray.core.event.Event;
import org.watchtray.core.thinpool.ThinPoolEvent;

/**
 * What the charts show: event rate over time by source, and each thin pool's data and metadata
 * usage over time. Counting is cheap and done per batch; the snapshots the charts draw from are
 * rebuilt at most once a second after events arrived, when the charts come into view, and while
 * they are in view once per bucket (at least every 10 s) so the time axis reaches the present.
 * No timer runs while the charts are not in view.
 */
public final class ChartsViewModel {
    private static final Duration REFRESH_DELAY = Duration.seconds(1);

    private final Clock clock;
    private final EventRates rates = new EventRates(200_000);
    private final PoolUsage pools = new PoolUsage(2_000);
    private final ReadOnlyObjectWrapper<EventRates.RateTable> rateTable =
            new ReadOnlyObjectWrapper<>(this, "rateTable", EventRates.RateTable.EMPTY);
    private final ReadOnlyObjectWrapper<Map<String, List<PoolUsage.Sample>>> poolSamples =
            new ReadOnlyObjectWrapper<>(this, "poolSamples", Map.of());
    private PauseTransition pending;
    private PauseTransition ticking;
    private boolean showing;

    ChartsViewModel(Clock clock) {
        this.clock = clock;
    }

    void accept(List<Event> batch) {
        count(batch);
        if (pending == null) {
            pending = new PauseTransition(REFRESH_DELAY);
            pending.setOnFinished(e -> {
                pending = null;
                refresh();
            });
            pending.play();
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
            ticking.stop();
            ticking = null;
        }
        if (inView) {
            refresh();
            tick();
        }
    }

    private void tick() {
        long millis = Math.max(10_000, rateTable.get().width().toMillis());
        ticking = new PauseTransition(Duration.millis(millis));
        ticking.setOnFinished(e -> {
            if (showing) {
                refresh();
                tick();
            }
        });
        ticking.play();
    }

    /** Rebuilds the snapshots now. */
    public void refresh() {
        rateTable.set(rates.table(clock.instant()));
        poolSamples.set(pools.snapshot());
    }

    public ReadOnlyObjectProperty<EventRates.RateTable> rateTable() {
        return rateTable.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Map<String, List<PoolUsage.Sample>>> poolSamples() {
        return poolSamples.getReadOnlyProperty();
    }
}
