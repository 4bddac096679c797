package org.watchtray.app.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import javafx.scene.Scene;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.app.ui.timeline.SourcesViewModel;
import org.watchtray.app.ui.timeline.TimeRange;
import org.watchtray.app.ui.timeline.TimelineRow;
import org.watchtray.app.ui.timeline.TimelineTabs;
import org.watchtray.app.ui.timeline.TimelineViewModel;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.history.HistoryStore;

/**
 * The timeline window over a history file, opened as {@code DesktopWindows} opens it, with the
 * user's actions as commands and a check that the screen shows their result. The window reads
 * the newest {@link #RESTORE} events back into memory and pages the rest from SQLite.
 */
public final class TimelineRig implements AutoCloseable {
    static final int RESTORE = 500;
    private final SqliteHistoryStore store;
    private final SqliteHistoryStore reader;
    private final SqliteHistoryStore counter;
    private TimelineViewModel model;
    private TimelineTabs tabs;
    private Stage stage;
    private volatile boolean restored;
    private final TimedPages pages;
    /** The phases of the last open, in the order they happened (from the click, in ms). */
    private final java.util.Queue<String> phases = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Each pulse's CSS and layout after the mark (start and length in ms), recorded on the FX thread. */
    private final java.util.Queue<double[]> pulses = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile long mark;
    private long pulseStart;
    private long pulseCpu;

    public TimelineRig(Path file) {
        this.store = SqliteHistoryStore.open(file, Clock.systemUTC(), e -> { });
        this.reader = store.reader();
        this.counter = store.reader();
        this.pages = new TimedPages(new org.watchtray.app.ui.timeline.StorePages(reader, counter));
    }

    /** The user's click on "Open timeline" at {@code click} (nanoTime): the window, then the history read back. */
    public void open(long click) {
        Clock clock = Clock.systemUTC();
        mark(click);
        BenchFx.run(() -> {
            long a = System.nanoTime();
            phase("click to FX thread", click, a);
            model = new TimelineViewModel(clock, 100_000, () -> { }, org.watchtray.app.ui.timeline.ExportFolder.of(
                    new org.watchtray.core.settings.Environment(java.util.Map.of(), Path.of(System.getProperty("user.home")))),
                    new org.watchtray.app.text.EventText(org.watchtray.app.text.Messages.english(clock.getZone())), pages);
            tabs = new TimelineTabs(model, new SourcesViewModel(List::of), clock);
            stage = new Stage();
            Scene scene = new Scene(tabs, 1080, 680);
            stage.setScene(scene);
            org.watchtray.app.ui.Themes.paint(scene, org.watchtray.app.ui.Palette.LIGHT);
            long b = System.nanoTime();
            phase("window and scene", a, b);
            // The first pulse would do these; done here they can be timed apart.
            tabs.applyCss();
            long c = System.nanoTime();
            phase("css", b, c);
            tabs.layout();
            long d = System.nanoTime();
            phase("layout (no rows)", c, d);
            stage.show();
            phase("show", d, System.nanoTime());
            // The FX thread's CPU time beside the wall time: a pulse that took longer than its CPU
            // waited (for a core, a page, a lock), one that took as long worked.
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            scene.addPreLayoutPulseListener(() -> {
                pulseStart = System.nanoTime();
                pulseCpu = cpu.getCurrentThreadCpuTime();
            });
            scene.addPostLayoutPulseListener(() -> pulses.add(new double[] {(pulseStart - mark) / 1e6, (System.nanoTime() - pulseStart) / 1e6,
                    (cpu.getCurrentThreadCpuTime() - pulseCpu) / 1e6}));
        });
        Thread.ofPlatform().daemon().start(() -> {
            long q = System.nanoTime();
            List<HistoryStore.StoredEvent> past = store.query(HistoryStore.Query.all(RESTORE));
            long r = System.nanoTime();
            phase("query, newest " + RESTORE + " (reading thread)", q, r);
            javafx.application.Platform.runLater(() -> {
                long s = System.nanoTime();
                phase("wait for the FX thread", r, s);
                model.restore(past);
                phase("restore on FX (incl. the tail's first page)", s, System.nanoTime());
                restored = true;
            });
        });
    }

    /** Starts timing a new action at {@code nanos}: its calls to the history and the pulses after it. */
    public void mark(long nanos) {
        mark = nanos;
        phases.clear();
        pulses.clear();
        pages.mark(nanos);
    }

    private void phase(String what, long from, long to) {
        phases.add(String.format("%-46s at %6.0f ms, %6.1f ms", what, (from - mark) / 1e6, (to - from) / 1e6));
    }

    /**
     * What happened since the {@link #mark} up to {@code doneMs}: the timed phases, the history's
     * calls (thread, start, length) and the pulses' CSS and layout.
     */
    public List<String> phases(double doneMs) {
        List<String> out = new java.util.ArrayList<>(phases);
        for (TimedPages.Call c : pages.calls()) {
            out.add(String.format("%-46s at %6.0f ms, %6.1f ms%s", c.what() + " (" + c.thread() + ")", c.startMs(), c.ms(),
                    c.startMs() + c.ms() > doneMs ? " (after the first screen)" : ""));
        }
        double css = 0;
        double cssCpu = 0;
        int n = 0;
        for (double[] p : pulses) {
            if (p[0] < doneMs) {
                css += p[1];
                cssCpu += p[2];
                n++;
            }
        }
        out.add(String.format("%-46s %d pulses, %6.1f ms in all (%.1f ms of the FX thread's CPU)", "pulses' css and layout up to the first screen",
                n, css, cssCpu));
        return out;
    }

    public boolean opened() {
        return restored && screenReady();
    }

    /** How many rows the table holds (for choosing where to scroll). */
    public int rowCount() {
        return BenchFx.call(() -> table().getItems().size());
    }

    public void scrollTo(int index) {
        table().scrollTo(index);
    }

    /** Whether the first visible row is {@code index} and the screen is drawn with real rows. */
    public boolean showsRow(int index) {
        return screenReady() && visibleRows().stream().anyMatch(r -> r.getIndex() == index);
    }

    public void search(String text) {
        model.setText(text);
    }

    public void severity(Severity s) {
        model.setMinSeverity(s);
    }

    public void sources(Set<SourceId> s) {
        model.setSources(s);
    }

    public void timeRange(TimeRange r) {
        model.setTimeRange(r);
    }

    /** The user's choice in the grouping box. */
    public void grouping(org.watchtray.core.settings.Grouping g) {
        model.setGrouping(g);
    }

    /** Whether the grouped table is up with its first rows drawn (every visible row shows its group). */
    public boolean groupsShown() {
        TableView<?> groups = (TableView<?>) tabs.lookup("#timeline-groups");
        if (groups == null || !groups.isVisible() || groups.getItems().isEmpty()) {
            return false;
        }
        groups.layout();
        List<TableRow<?>> rows = new java.util.ArrayList<>();
        for (var n : groups.lookupAll(".table-row-cell")) {
            if (n instanceof TableRow<?> r && r.isVisible() && !r.isEmpty()) {
                rows.add(r);
            }
        }
        return !rows.isEmpty() && rows.stream().allMatch(r -> r.getIndex() < groups.getItems().size()
                && r.getItem() == groups.getItems().get(r.getIndex()));
    }

    /** Every visible row shows the model's row at its index. */
    public boolean screenReady() {
        List<TableRow<?>> rows = visibleRows();
        var items = table().getItems();
        if (items.isEmpty()) {
            return true;
        }
        if (rows.isEmpty()) {
            return false;
        }
        for (TableRow<?> r : rows) {
            int i = r.getIndex();
            if (i < 0 || i >= items.size() || r.getItem() != items.get(i) || r.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private List<TableRow<?>> visibleRows() {
        table().layout();
        List<TableRow<?>> out = new java.util.ArrayList<>();
        for (var n : table().lookupAll(".table-row-cell")) {
            if (n instanceof TableRow<?> r && r.isVisible() && !r.isEmpty()) {
                out.add(r);
            }
        }
        return out;
    }

    private TableView<TimelineRow> table() {
        return tabs.timeline().tableView();
    }

    @Override
    public void close() {
        BenchFx.run(() -> stage.hide());
        reader.close();
        counter.close();
        store.close();
    }
}
