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

    public TimelineRig(Path file) {
        this.store = SqliteHistoryStore.open(file, Clock.systemUTC(), e -> { });
        this.reader = store.reader();
        this.counter = store.reader();
    }

    /** The user's click on "Open timeline": the window, then the history read back. */
    public void open() {
        Clock clock = Clock.systemUTC();
        BenchFx.run(() -> {
            model = new TimelineViewModel(clock, 100_000, () -> { }, org.watchtray.app.ui.timeline.ExportFolder.of(
                    new org.watchtray.core.settings.Environment(java.util.Map.of(), Path.of(System.getProperty("user.home")))),
                    new org.watchtray.app.text.EventText(org.watchtray.app.text.Messages.english(clock.getZone())), new org.watchtray.app.ui.timeline.StorePages(reader, counter));
            tabs = new TimelineTabs(model, new SourcesViewModel(List::of), clock);
            stage = new Stage();
            stage.setScene(new Scene(tabs, 1080, 680));
            org.watchtray.app.ui.Themes.paint(stage.getScene(), org.watchtray.app.ui.Palette.LIGHT);
            stage.show();
        });
        Thread.ofPlatform().daemon().start(() -> {
            List<HistoryStore.StoredEvent> past = store.query(HistoryStore.Query.all(RESTORE));
            javafx.application.Platform.runLater(() -> {
                model.restore(past);
                restored = true;
            });
        });
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
