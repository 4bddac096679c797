package org.watchtray.app.ui.timeline;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.source.SourceStatus;

/**
 * Each source's mechanism, state and reason — the facts {@code watchtray status} prints — kept
 * current by the {@link SourceStatusEvent}s in the event stream (the agent going away and
 * coming back, a fallback taken). Call on the FX thread.
 */
public final class SourcesViewModel {
    /** One line of the Sources view; {@code since} is when this state was reported. */
    public record SourceRow(SourceStatus status, Instant since) {
    }

    private final Clock clock;
    private final Supplier<List<SourceStatus>> statuses;
    private final ObservableList<SourceRow> rows = FXCollections.observableArrayList();
    private final ObservableList<SourceRow> view = FXCollections.unmodifiableObservableList(rows);

    /** @param statuses the backend's current statuses ({@code Backend::statuses}) */
    public SourcesViewModel(Clock clock, Supplier<List<SourceStatus>> statuses) {
        this.clock = clock;
        this.statuses = statuses;
        reload();
    }

    /** Re-reads every status from the backend. */
    public void reload() {
        Instant now = clock.instant();
        for (SourceStatus s : statuses.get()) {
            put(s, now);
        }
    }

    /** A batch from the hub: status events update their source's line. */
    public void accept(List<Event> batch) {
        for (Event e : batch) {
            if (e instanceof SourceStatusEvent s) {
                put(s.status(), s.time());
            }
        }
    }

    public ObservableList<SourceRow> rows() {
        return view;
    }

    private void put(SourceStatus status, Instant since) {
        for (int i = 0; i < rows.size(); i++) {
            SourceRow r = rows.get(i);
            if (r.status().source() == status.source()) {
                if (!r.status().equals(status)) {
                    rows.set(i, new SourceRow(status, since));
                }
                return;
            }
        }
        rows.add(new SourceRow(status, since));
        FXCollections.sort(rows, Comparator.comparing(r -> r.status().source()));
    }
}
