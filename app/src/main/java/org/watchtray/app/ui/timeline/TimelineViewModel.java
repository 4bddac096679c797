package org.watchtray.app.ui.timeline;

import org.watchtray.core.settings.Grouping;
import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.history.HistoryStore.StoredEvent;

/**
 * The live timeline, newest first: rows (repeats grouped), the user's filter, the selected row's
 * details, unread state for the tray, and export. Fed on the FX thread with batches from
 * {@code FxBatchDispatcher} ({@link #accept}) and once with the recent past from the history
 * ({@link #restore}). At most {@code capacity} rows are kept; older ones stay in the history.
 * All methods must be called on the FX thread.
 */
public final class TimelineViewModel {
    public static final Duration GROUP_WINDOW = Duration.ofMinutes(5);
    /** Counts a new filter's rows in the history off the FX thread; one at a time, the newest wins. */
    private static final java.util.concurrent.Executor COUNTING = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("watchtray-timeline-count").daemon().unstarted(r));
    /** Counts groups off the FX thread, apart from the counting: a grouping's first screen never waits behind a count. */
    private static final java.util.concurrent.Executor GROUPING = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("watchtray-timeline-groups").daemon().unstarted(r));

    private final Clock clock;
    private final int capacity;
    private final Runnable onMarkAllRead;
    /** Every kept row, in time order. */
    private final TimelineRows all = new TimelineRows(GROUP_WINDOW);
    private final ObservableList<TimelineRow> visible = FXCollections.observableArrayList();
    private final ObservableList<TimelineRow> visibleView = FXCollections.unmodifiableObservableList(visible);
    private final long[] unreadBySeverity = new long[Severity.values().length];
    private final ReadOnlyIntegerWrapper unreadCount = new ReadOnlyIntegerWrapper(this, "unreadCount");
    private final ReadOnlyObjectWrapper<Severity> worstUnread = new ReadOnlyObjectWrapper<>(this, "worstUnread");
    private final ReadOnlyLongWrapper readUpTo = new ReadOnlyLongWrapper(this, "readUpTo", Long.MIN_VALUE);
    private final ReadOnlyObjectWrapper<RowFilter> filter = new ReadOnlyObjectWrapper<>(this, "filter", RowFilter.ALL);
    private final ReadOnlyObjectWrapper<Grouping> grouping = new ReadOnlyObjectWrapper<>(this, "grouping", Grouping.NONE);
    private final ReadOnlyObjectWrapper<TimeRange> timeRange = new ReadOnlyObjectWrapper<>(this, "timeRange", TimeRange.ALL);
    private final ReadOnlyObjectWrapper<TimelineRow> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyObjectWrapper<EventDetail> detail = new ReadOnlyObjectWrapper<>(this, "detail");
    private final ReadOnlyIntegerWrapper totalRows = new ReadOnlyIntegerWrapper(this, "totalRows");
    private final ChartsViewModel charts;
    private final ExportFolder exportFolder;
    private final org.watchtray.app.text.EventText words;
    /** The rows in memory with the history below them; null when the rows in memory are all there is. */
    private final TimelineList tailList;
    private final ObservableList<TimelineRow> shown;
    /** The grouped rows, counted in the history; null without one (then the timeline is never grouped). */
    private final TimelineGroups groups;
    private long nextSeq = 1;
    /** Events shown live before the history was read back, so the read-back does not repeat them. */
    private Set<Event> liveBeforeRestore = new HashSet<>();
    /** While the rows change, the table's transient selection changes are not the user's. */
    private boolean changingRows;

    /**
     * @param capacity      most rows kept in memory (100,000 stays smooth)
     * @param onMarkAllRead tells the history that everything so far has been seen
     */
    public TimelineViewModel(Clock clock, int capacity, Runnable onMarkAllRead) {
        this(clock, capacity, onMarkAllRead, ExportFolder.of(new org.watchtray.core.settings.Environment(java.util.Map.of(),
                java.nio.file.Path.of(System.getProperty("user.home")))));
    }

    /** @param exportFolder where the export chooser opens (the user's documents, then the last folder used) */
    public TimelineViewModel(Clock clock, int capacity, Runnable onMarkAllRead, ExportFolder exportFolder) {
        this(clock, capacity, onMarkAllRead, exportFolder,
                new org.watchtray.app.text.EventText(org.watchtray.app.text.Messages.english(clock::getZone)), null);
    }

    /**
     * @param words   the user's language: the detail pane's words, and what the search finds in the summaries
     * @param history the history below the rows in memory, paged from SQLite (null: the rows in
     *                memory are all the timeline shows)
     */
    public TimelineViewModel(Clock clock, int capacity, Runnable onMarkAllRead, ExportFolder exportFolder,
                             org.watchtray.app.text.EventText words, HistoryPages history) {
        this.words = Objects.requireNonNull(words);
        this.tailList = history == null ? null : new TimelineList(visible, history, COUNTING, javafx.application.Platform::runLater);
        this.shown = tailList == null ? visibleView : FXCollections.unmodifiableObservableList(tailList);
        this.groups = history == null ? null : new TimelineGroups(history, GROUPING, javafx.application.Platform::runLater, clock);
        this.exportFolder = Objects.requireNonNull(exportFolder);
        this.clock = Objects.requireNonNull(clock);
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity < 1");
        }
        this.capacity = capacity;
        this.onMarkAllRead = Objects.requireNonNull(onMarkAllRead);
        // The SQLite history counts the charts' rates over all of it (HistoryRates), off the FX thread.
        this.charts = history instanceof HistoryRates rates
                ? new ChartsViewModel(clock, rates, r -> Thread.ofVirtual().name("charts-count").start(r), javafx.application.Platform::runLater)
                : new ChartsViewModel(clock);
    }

    // ---- inputs

    /** A batch from the hub, oldest first. */
    public void accept(List<Event> batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (liveBeforeRestore != null) {
            // Only the first moments before the read-back matter; a flood must not grow this.
            // (Past capacity those rows are gone anyway, so there is nothing left to de-duplicate.)
            if (liveBeforeRestore.size() + batch.size() > capacity) {
                liveBeforeRestore = null;
            } else {
                liveBeforeRestore.addAll(batch);
            }
        }
        TimelineRows.Step step = all.add(batch, nextSeq, Collections.nCopies(batch.size(), true), readUpTo.get());
        nextSeq += batch.size();
        for (Event e : batch) {
            unreadBySeverity[e.severity().ordinal()]++;
        }
        followSelection(step);
        changingRows = true;
        try {
            if (step.onTop()) {
                // The usual case: new rows above the others, in one change the table can apply cheaply.
                if (!step.removed().isEmpty()) {
                    visible.removeAll(step.removed());
                }
                RowFilter f = filter.get();
                List<TimelineRow> newestFirst = step.added().reversed();
                visible.addAll(0, f.isEmpty() ? newestFirst : newestFirst.stream().filter(this::matches).toList());
            } else {
                visible.setAll(filtered());
            }
            trimToCapacity();
        } finally {
            changingRows = false;
        }
        charts.accept(batch);
        publishCounts();
    }

    /**
     * The recent past from the history, newest first (as {@code HistoryStore.query} returns it).
     * Rows go below the live ones; events already shown live are skipped.
     */
    public void restore(List<StoredEvent> newestFirst) {
        Set<Event> seen = liveBeforeRestore == null ? Set.of() : liveBeforeRestore;
        liveBeforeRestore = null;
        if (tailList != null && !newestFirst.isEmpty()) {
            // Below the rows read back: the rest of the history, a page at a time.
            tailList.resetTail(filter.get(), newestFirst.getLast().event().time());
        }
        List<Event> events = new ArrayList<>(newestFirst.size());
        List<Boolean> unread = new ArrayList<>(newestFirst.size());
        for (StoredEvent s : newestFirst.reversed()) {
            if (!seen.contains(s.event())) {
                events.add(s.event());
                unread.add(!s.read());
            }
        }
        if (events.isEmpty()) {
            return;
        }
        // Restored rows get seqs below every live one (-n … -1), so at equal times live rows are newer.
        TimelineRows.Step step = all.add(events, -events.size(), unread, readUpTo.get());
        for (int i = 0; i < events.size(); i++) {
            if (unread.get(i)) {
                unreadBySeverity[events.get(i).severity().ordinal()]++;
            }
        }
        followSelection(step);
        changingRows = true;
        try {
            trimToCapacity();
            visible.setAll(filtered());
        } finally {
            changingRows = false;
        }
        charts.restore(events);
        publishCounts();
    }


    // ---- commands

    public void setSources(Set<SourceId> sources) {
        applyFilter(filter.get().withSources(sources));
    }

    public void setMinSeverity(Severity severity) {
        applyFilter(filter.get().withMinSeverity(severity));
    }

    /** Shows events in {@code range} counted back from now. */
    public void setTimeRange(TimeRange range) {
        timeRange.set(range);
        applyFilter(filter.get().withSince(range.length() == null ? null : clock.instant().minus(range.length())));
    }

    public void setText(String text) {
        applyFilter(filter.get().withText(text));
    }

    /**
     * The system's zone changed: days start at other instants, so the day groups are counted again
     * (in the clock's new zone), the detail pane's times are written again and the charts' axis is
     * drawn again.
     */
    public void zoneChanged() {
        if (groups != null && grouping.get() != Grouping.NONE) {
            groups.show(grouping.get(), filter.get());
        }
        if (selected.get() != null) {
            detail.set(EventDetail.of(selected.get(), words));
        }
        charts.refresh();
    }

    /** Groups the history by {@code g} (counted in SQLite), or shows each event again ({@link Grouping#NONE}). */
    public void setGrouping(Grouping g) {
        Grouping chosen = canGroup() ? java.util.Objects.requireNonNull(g) : Grouping.NONE;
        if (chosen != grouping.get()) {
            grouping.set(chosen);
            if (groups != null) {
                groups.show(chosen, filter.get());
            }
        }
    }

    /**
     * The user selected {@code row} (null: nothing). Ignored while the rows are changing: the
     * table's selection moves about then, and the selection stays on its event by itself.
     */
    public void select(TimelineRow row) {
        if (!changingRows) {
            show(row);
        }
    }

    /** Marks everything shown as read, here and in the history; the tray follows {@link #unreadCount}. */
    public void markAllRead() {
        readUpTo.set(nextSeq - 1);
        java.util.Arrays.fill(unreadBySeverity, 0);
        publishCounts();
        onMarkAllRead.run();
    }

    public void exportCsv(Writer out) throws IOException {
        CsvExport.write(List.copyOf(visible), out);
    }

    /** Where the export chooser opens. */
    public java.nio.file.Path exportDirectory() {
        return exportFolder.initial();
    }

    /** An export was written to {@code file}: the next one starts in its folder. */
    public void exported(java.nio.file.Path file) {
        exportFolder.used(file);
    }

    /** The rows shown, as a JSON array of the CLI's event objects. */
    public void exportJson(Writer out) throws IOException {
        JsonExport.write(List.copyOf(visible), out);
    }

    // ---- read-only state

    /** The rows that pass the filter, newest first. */
    public ObservableList<TimelineRow> rows() {
        return shown;
    }

    public boolean isUnread(TimelineRow row) {
        return row.seq() > readUpTo.get() && row.unreadAtCreation() > 0;
    }

    /** Unread events (a group counts each of its events). */
    public ReadOnlyIntegerProperty unreadCount() {
        return unreadCount.getReadOnlyProperty();
    }

    /** The most severe unread event's severity; null when everything is read. The tray binds to it. */
    public ReadOnlyObjectProperty<Severity> worstUnreadSeverity() {
        return worstUnread.getReadOnlyProperty();
    }

    /** Changes whenever rows turn read, so views can restyle. */
    public ReadOnlyLongProperty readUpTo() {
        return readUpTo.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RowFilter> filter() {
        return filter.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Grouping> grouping() {
        return grouping.getReadOnlyProperty();
    }

    /** Whether the timeline can be grouped: only the history (SQLite) counts groups. */
    public boolean canGroup() {
        return groups != null;
    }

    /** The rows of the current grouping, newest day first; empty when not grouped. */
    public ObservableList<GroupRow> groups() {
        return groups == null ? FXCollections.emptyObservableList() : groups.rows();
    }

    public ReadOnlyObjectProperty<TimeRange> timeRange() {
        return timeRange.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TimelineRow> selected() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<EventDetail> detail() {
        return detail.getReadOnlyProperty();
    }

    /** Rows kept, filtered or not. */
    public ReadOnlyIntegerProperty totalRows() {
        return totalRows.getReadOnlyProperty();
    }

    public ChartsViewModel charts() {
        return charts;
    }

    // ---- internals

    private void show(TimelineRow row) {
        selected.set(row);
        detail.set(row == null ? null : EventDetail.of(row, words));
    }

    /** Keeps the selection on its event: a selected row folded into a group is followed to that group. */
    private void followSelection(TimelineRows.Step step) {
        TimelineRow s = selected.get();
        if (s != null) {
            TimelineRow now = step.successor(s);
            if (now != s) {
                show(now);
            }
        }
    }

    private void applyFilter(RowFilter f) {
        if (f.equals(filter.get())) {
            return;
        }
        filter.set(f);
        changingRows = true;
        try {
            visible.setAll(filtered());
            if (tailList != null && tailList.boundary() != null) {
                tailList.resetTail(f, tailList.boundary());
            }
            if (groups != null && grouping.get() != Grouping.NONE) {
                groups.show(grouping.get(), f);
            }
        } finally {
            changingRows = false;
        }
        // The detail pane shows only what the filter shows.
        TimelineRow s = selected.get();
        if (s != null && !f.matches(s, words::summary)) {
            show(null);
        }
    }

    private List<TimelineRow> filtered() {
        RowFilter f = filter.get();
        List<TimelineRow> rows = all.newestFirst();
        return f.isEmpty() ? rows : rows.stream().filter(this::matches).toList();
    }

    /** The filter's search looks in the summary the user reads. */
    private boolean matches(TimelineRow row) {
        return filter.get().matches(row, words::summary);
    }

    private void trimToCapacity() {
        List<TimelineRow> trimmed = all.trimTo(capacity);
        if (trimmed.isEmpty()) {
            return;
        }
        if (tailList != null) {
            followTrim();
        }
        Set<TimelineRow> gone = Collections.newSetFromMap(new IdentityHashMap<>());
        long read = readUpTo.get();
        for (TimelineRow r : trimmed) {
            gone.add(r);
            if (r.seq() > read) {
                unreadBySeverity[r.event().severity().ordinal()] -= r.unreadAtCreation();
            }
        }
        // Visible rows are in the same order, so the trimmed ones are its tail.
        int from = visible.size();
        while (from > 0 && gone.contains(visible.get(from - 1))) {
            from--;
        }
        if (from < visible.size()) {
            visible.remove(from, visible.size());
        }
        if (selected.get() != null && gone.contains(selected.get())) {
            show(null);
        }
    }

    /**
     * Rows that leave memory are still in the history: the tail's boundary moves up to the
     * oldest row kept, so they show again below it. During a flood this happens at most once
     * per {@link #TAIL_FOLLOW} (each move reads a page, off the FX thread, and starts a count),
     * on a timer so the last move is not left waiting for another event. Rows trimmed while a
     * move is under way start another after it, so none is left between the rows in memory and
     * the tail.
     */
    private void followTrim() {
        if (tailFollowScheduled) {
            trimmedWhileFollowing = true;
            return;
        }
        tailFollowScheduled = true;
        trimmedWhileFollowing = false;
        // A delay, not a PauseTransition: an animation would keep JavaFX pulsing while it waits (docs/idle.md).
        org.watchtray.app.ui.FxDelay.after(TAIL_FOLLOW, () -> {
            if (all.size() == 0) {
                tailFollowScheduled = false;
                return;
            }
            trimmedWhileFollowing = false;
            tailList.resetTailInBackground(filter.get(), all.newestFirst().getLast().last(), replace -> {
                if (replace != null) {
                    changingRows = true;
                    try {
                        replace.run();
                    } finally {
                        changingRows = false;
                    }
                }
                tailFollowScheduled = false;
                if (trimmedWhileFollowing) {
                    followTrim();
                }
            });
        });
    }

    static final Duration TAIL_FOLLOW = Duration.ofSeconds(1);
    private boolean tailFollowScheduled;
    private boolean trimmedWhileFollowing;

    private void publishCounts() {
        long n = 0;
        Severity worst = null;
        for (Severity s : Severity.values()) {
            long c = unreadBySeverity[s.ordinal()];
            n += c;
            if (c > 0) {
                worst = s;
            }
        }
        unreadCount.set((int) Math.min(Integer.MAX_VALUE, n));
        worstUnread.set(worst);
        totalRows.set(all.size());
    }
}
