package org.watchtray.app.bench;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.watchtray.app.history.HistoryWriter;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.app.ui.FxBatchDispatcher;
import org.watchtray.app.ui.timeline.SourcesViewModel;
import org.watchtray.app.ui.timeline.TimelineRow;
import org.watchtray.app.ui.timeline.TimelineTabs;
import org.watchtray.app.ui.timeline.TimelineViewModel;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.pipeline.EventHub;
import org.watchtray.core.settings.Settings;

/** The history and the open timeline window, wired to the hub as {@code DesktopApp} and {@code DesktopWindows} wire them. */
final class FloodRig implements AutoCloseable {
    private final SqliteHistoryStore store;
    private final HistoryWriter writer;
    private final TimelineViewModel model;
    private final FxBatchDispatcher dispatcher;
    private final Path file;

    /** CPU time the FX thread spent in the model's accept. */
    private final java.util.concurrent.atomic.AtomicLong acceptNanos;
    /** What the table's flow was told (FX thread only): row count changes, and list changes that replace rows. */
    private final long[] tableChanges;

    private FloodRig(Path file, SqliteHistoryStore store, HistoryWriter writer, TimelineViewModel model, FxBatchDispatcher dispatcher,
                     java.util.concurrent.atomic.AtomicLong acceptNanos, long[] tableChanges) {
        this.acceptNanos = acceptNanos;
        this.tableChanges = tableChanges;
        this.file = file;
        this.store = store;
        this.writer = writer;
        this.model = model;
        this.dispatcher = dispatcher;
    }

    static FloodRig open(Path file, EventHub hub, Clock clock) {
        SqliteHistoryStore store = SqliteHistoryStore.open(file, clock, e -> { });
        HistoryWriter writer = new HistoryWriter(store, "bench", new Settings.History(Duration.ofDays(365), Integer.MAX_VALUE), clock, hub, 10_000);
        writer.start();
        hub.subscribe("history", writer);
        long[] tableChanges = new long[2];
        TimelineViewModel model = BenchFx.call(() -> {
            // As DesktopWindows builds it: few rows in memory, the rest paged from the history.
            TimelineViewModel m = new TimelineViewModel(clock, 5_000, writer::markAllRead,
                    org.watchtray.app.ui.timeline.ExportFolder.of(new org.watchtray.core.settings.Environment(java.util.Map.of(),
                            file.getParent())), new org.watchtray.app.text.EventText(org.watchtray.app.text.Messages.english(clock.getZone())), org.watchtray.app.ui.timeline.StorePages.of(store));
            m.restore(List.of());
            Stage stage = new Stage();
            TimelineTabs tabs = new TimelineTabs(m, new SourcesViewModel(List::of), clock);
            stage.setScene(new Scene(tabs, 1080, 680));
            org.watchtray.app.ui.Themes.paint(stage.getScene(), org.watchtray.app.ui.Palette.LIGHT);
            stage.show();
            countTableChanges(tabs.timeline().tableView(), tableChanges);
            return m;
        });
        java.util.concurrent.atomic.AtomicLong acceptNanos = new java.util.concurrent.atomic.AtomicLong();
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        FxBatchDispatcher dispatcher = new FxBatchDispatcher(Platform::runLater, batch -> {
            long t = threads.getCurrentThreadCpuTime();   // CPU, not wall time: other processes' load does not count
            model.accept(batch);
            acceptNanos.addAndGet(threads.getCurrentThreadCpuTime() - t);
        }, 10_000, 500, true, java.time.Duration.ofMillis(100), clock);   // DesktopWindows' PAGED_CHUNK and PAGED_PACE
        hub.subscribe("timeline window", dispatcher);
        return new FloodRig(file, store, writer, model, dispatcher, acceptNanos, tableChanges);
    }

    /**
     * Counts what makes the table's flow lay out more than the rows' new items: a change of its
     * row count (the flow lays itself out at once, then again in the pulse) and a list change
     * that replaces rows (the skin then rebuilds every visible row).
     */
    private static void countTableChanges(javafx.scene.control.TableView<TimelineRow> table, long[] counts) {
        var flow = (javafx.scene.control.skin.VirtualFlow<?>) table.lookup(".virtual-flow");
        flow.cellCountProperty().addListener((o, was, now) -> counts[0]++);
        table.getItems().addListener((javafx.collections.ListChangeListener<TimelineRow>) c -> {
            while (c.next()) {
                if (c.wasReplaced()) {
                    counts[1]++;
                    return;
                }
            }
        });
    }

    /** Row count changes of the table's flow and row-replacing list changes so far. */
    long[] tableChanges() {
        return BenchFx.call(tableChanges::clone);
    }

    /** Events for the timeline only, before the measurement. */
    void warmUp(List<Event> events) {
        dispatcher.accept(events);
    }

    boolean awaitHistory(Duration timeout) throws InterruptedException {
        return writer.awaitIdle(timeout);
    }

    /** Waits until the timeline shows the last event published (the dispatcher drops the oldest, never the newest). */
    boolean awaitTimeline(Event last, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (BenchFx.call(() -> !model.rows().isEmpty() && !model.rows().getFirst().last().isBefore(last.time()))) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    long acceptNanos() {
        return acceptNanos.get();
    }

    long timelineRows() {
        return BenchFx.call(() -> (long) model.totalRows().get());
    }

    long lostInTimeline() {
        // The rows in memory (no filter is set, so they are the list's first totalRows); the
        // history below them has the window's loss markers too, counted by the history side.
        return BenchFx.call(() -> model.rows().stream().limit(model.totalRows().get()).filter(r -> r.event() instanceof LossEvent l && l.affected() == SourceId.META)
                .mapToLong(r -> ((LossEvent) r.event()).lost()).sum());
    }

    /** Events in the history that are not loss markers. */
    long storedEvents() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM events WHERE name <> 'meta.loss'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long lostInHistory() {
        return FloodBench.lostIn(store);
    }

    @Override
    public void close() {
        writer.close();
        store.close();
    }
}
