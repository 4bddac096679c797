package org.watchtray.app.ui.timeline;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.source.SourceStatus;

/**
 * Each source's mechanism, state and reason — the facts {@code watchtray status} prints — kept
 * current by the {@link SourceStatusEvent}s in the event stream (the agent going away and
 * coming back, a fallback taken), and since when each has been in that state: the status event
 * that began it, from the history read back when the window opens, or live. A new reason for
 * the same state and mechanism does not start a new state. Call on the FX thread.
 */
public final class SourcesViewModel {
    /** One line of the Sources view; {@code since} is when this state began, null while not known. */
    public record SourceRow(SourceStatus status, Instant since) {
    }

    private final Supplier<List<SourceStatus>> statuses;
    private final ObservableList<SourceRow> rows = FXCollections.observableArrayList();
    private final ObservableList<SourceRow> view = FXCollections.unmodifiableObservableList(rows);

    /** @param statuses the backend's current statuses ({@code Backend::statuses}) */
    public SourcesViewModel(Supplier<List<SourceStatus>> statuses) {
        this.statuses = statuses;
        reload();
    }

    /** Re-reads every status from the backend (which does not say since when). */
    public void reload() {
        for (SourceStatus s : statuses.get()) {
            put(s, null);
        }
    }

    /** The past from the history, oldest first: when each source's present state began. */
    public void restore(List<Event> oldestFirst) {
        Map<SourceId, SourceRow> began = new EnumMap<>(SourceId.class);
        for (Event e : oldestFirst) {
            if (e instanceof SourceStatusEvent s) {
                SourceRow before = began.get(s.status().source());
                if (before == null || !sameState(before.status(), s.status())) {
                    began.put(s.status().source(), new SourceRow(s.status(), s.time()));
                }
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            SourceRow r = rows.get(i);
            SourceRow h = began.get(r.status().source());
            if (h != null && sameState(h.status(), r.status()) && (r.since() == null || h.since().isBefore(r.since()))) {
                rows.set(i, new SourceRow(r.status(), h.since()));
            }
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

    /** The same state: what the row's State and Mechanism columns show (the reason may be reworded). */
    private static boolean sameState(SourceStatus a, SourceStatus b) {
        return a.state() == b.state() && a.mechanism().equals(b.mechanism());
    }

    private void put(SourceStatus status, Instant at) {
        for (int i = 0; i < rows.size(); i++) {
            SourceRow r = rows.get(i);
            if (r.status().source() == status.source()) {
                Instant since = sameState(r.status(), status) ? (r.since() != null ? r.since() : at) : at;
                if (!r.status().equals(status) || !java.util.Objects.equals(since, r.since())) {
                    rows.set(i, new SourceRow(status, since));
                }
                return;
            }
        }
        rows.add(new SourceRow(status, at));
        FXCollections.sort(rows, Comparator.comparing(r -> r.status().source()));
    }
}
