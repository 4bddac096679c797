package org.watchtray.app.ui.timeline;

import org.watchtray.core.settings.Grouping;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.app.ui.DayChange;
import org.watchtray.app.ui.FxDelay;
import org.watchtray.app.ui.SteadyCaret;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.Text;
import org.watchtray.core.time.SystemZone;

/**
 * The timeline: a filter bar, a virtualized table (newest first) and a detail pane. It only
 * binds to {@link TimelineViewModel}; nothing here decides what is shown.
 */
public final class TimelineView extends BorderPane {
    private static final PseudoClass UNREAD = PseudoClass.getPseudoClass("unread");
    private static final PseudoClass LOSS = PseudoClass.getPseudoClass("loss");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass CRITICAL = PseudoClass.getPseudoClass("critical");

    private final TimelineViewModel model;
    private final Clock clock;
    private final EventText words;
    private final Messages m;
    private final TableView<TimelineRow> table = new TableView<>();
    private final VBox detailPane = new VBox(8);

    /** In a zone that does not change (tests). */
    public TimelineView(TimelineViewModel model, Clock clock, EventText words) {
        this(model, clock, words, SystemZone.fixed(clock.getZone()));
    }

    /**
     * @param clock the clock whose zone the rows' times and days are in
     * @param zone  the system's zone, whose changes redraw the times ({@code clock}'s zone should follow it)
     */
    public TimelineView(TimelineViewModel model, Clock clock, EventText words, SystemZone zone) {
        this.model = model;
        this.clock = clock;
        this.words = words;
        this.m = words.messages();
        getStyleClass().add("timeline");
        getStylesheets().add(TimelineView.class.getResource("timeline.css").toExternalForm());
        setTop(filterBar());
        // While grouped, the groups stand in place of the events.
        javafx.scene.layout.StackPane events = new javafx.scene.layout.StackPane(table());
        if (model.canGroup()) {
            // The groups' table is made when the timeline is first grouped: a window that opens
            // ungrouped does not build, style and lay out a second table it does not show.
            Runnable grouped = () -> {
                if (model.grouping().get() != Grouping.NONE && events.getChildren().size() == 1) {
                    TableView<GroupRow> groups = GroupsTable.of(model, words);
                    groups.visibleProperty().bind(model.grouping().isNotEqualTo(Grouping.NONE));
                    table.visibleProperty().bind(groups.visibleProperty().not());
                    events.getChildren().add(groups);
                }
            };
            model.grouping().addListener((o, was, now) -> grouped.run());
            grouped.run();
        }
        SplitPane split = new SplitPane(events, detailScroll());
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.66);
        setCenter(split);
        setBottom(statusBar());
        redrawAtMidnight();
        redrawOnZoneChange(zone);
    }

    /**
     * After the system's zone changed ({@code timedatectl set-timezone}, a laptop in another
     * country) every time shown is in the old zone, and which rows are today's may have changed:
     * the same redraw as at midnight, at once, and the day groups are counted again.
     */
    private void redrawOnZoneChange(SystemZone zone) {
        zone.listen(z -> javafx.application.Platform.runLater(() -> {
            table.refresh();
            model.zoneChanged();
        }));
    }

    /**
     * Today's rows show their time alone, older ones their date too; at midnight today's rows
     * become yesterday's, and nothing else would draw them again. So the table redraws its cells
     * when the date changes, watched on a delay rather than an animation (an animation would keep
     * JavaFX pulsing: docs/idle.md, "An open window"). {@link DayChange} bounds each wait and
     * reads the wall clock again, so a suspend across midnight or a clock set forwards or back
     * is seen within a minute.
     */
    private void redrawAtMidnight() {
        redrawOnDayChange(new DayChange(clock));
    }

    private void redrawOnDayChange(DayChange day) {
        FxDelay.after(day.nextWait(), () -> {
            if (day.changed()) {
                table.refresh();
            }
            redrawOnDayChange(day);
        });
    }

    /** The table, for tests and for the desktop to focus. */
    public TableView<TimelineRow> tableView() {
        return table;
    }

    // ---- filter bar

    private VBox filterBar() {
        // The toggles wrap to a second line when their names are long (German, the pseudo-locale).
        FlowPane sources = new FlowPane(2, 2);
        sources.getStyleClass().add("source-toggles");
        Set<SourceId> chosen = EnumSet.noneOf(SourceId.class);
        for (SourceId s : SourceId.values()) {
            ToggleButton b = new ToggleButton(words.sourceLabel(s), Glyphs.icon(Glyphs.iconOf(s), Glyphs.styleClass(s)));
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.setId("filter-source-" + s.wireName());
            b.setTooltip(new Tooltip(m.format("timeline.filter.source.tooltip", words.sourceLabel(s))));
            b.selectedProperty().addListener((o, was, on) -> {
                if (on) {
                    chosen.add(s);
                } else {
                    chosen.remove(s);
                }
                model.setSources(chosen);
            });
            sources.getChildren().add(b);
        }

        ComboBox<Severity> severity = new ComboBox<>();
        severity.setId("filter-severity");
        severity.setAccessibleText(m.text("timeline.a11y.severity"));
        severity.getItems().setAll(Severity.values());
        severity.setValue(model.filter().get().minSeverity());
        severity.setButtonCell(new SeverityChoice());
        severity.setCellFactory(l -> new SeverityChoice());
        severity.valueProperty().addListener((o, was, now) -> model.setMinSeverity(now));

        ComboBox<TimeRange> range = new ComboBox<>();
        range.setId("filter-time");
        range.setAccessibleText(m.text("timeline.a11y.time"));
        range.getItems().setAll(TimeRange.values());
        range.setButtonCell(new RangeChoice());
        range.setCellFactory(l -> new RangeChoice());
        range.setValue(model.timeRange().get());
        range.valueProperty().addListener((o, was, now) -> model.setTimeRange(now));

        ComboBox<Grouping> grouping = new ComboBox<>();
        grouping.setId("filter-grouping");
        grouping.setAccessibleText(m.text("timeline.a11y.grouping"));
        grouping.getItems().setAll(Grouping.values());
        grouping.setButtonCell(new GroupingChoice());
        grouping.setCellFactory(l -> new GroupingChoice());
        grouping.setValue(model.grouping().get());
        grouping.valueProperty().addListener((o, was, now) -> model.setGrouping(now));
        model.grouping().addListener((o, was, now) -> grouping.setValue(now));
        grouping.setVisible(model.canGroup());
        grouping.setManaged(model.canGroup());

        TextField search = SteadyCaret.textField();
        search.setId("filter-text");
        search.setAccessibleText(m.text("timeline.a11y.search"));
        search.setPromptText(m.text("timeline.search.prompt"));
        search.setPrefColumnCount(22);
        search.textProperty().addListener((o, was, now) -> model.setText(now));

        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);

        Button markRead = new Button(m.text("timeline.mark_all_read"), Glyphs.icon("mdi2c-check-all"));
        markRead.setId("mark-all-read");
        markRead.disableProperty().bind(model.unreadCount().isEqualTo(0));
        markRead.setOnAction(e -> model.markAllRead());

        MenuItem csv = new MenuItem(m.text("timeline.export.csv"), Glyphs.icon("mdi2f-file-delimited-outline"));
        csv.setOnAction(e -> export("csv"));
        MenuButton export = new MenuButton(m.text("timeline.export"), Glyphs.icon("mdi2e-export"), csv);
        export.setId("export");
        MenuItem json = new MenuItem(m.text("timeline.export.json"), Glyphs.icon("mdi2c-code-json"));
        json.setOnAction(e -> export("json"));
        export.getItems().add(json);

        HBox.setHgrow(search, Priority.SOMETIMES);
        HBox first = new HBox(8, search, severity, range, grouping, spring, markRead, export);
        first.setAlignment(Pos.CENTER_LEFT);
        Label show = new Label(m.text("timeline.filter.sources"));
        show.getStyleClass().add("detail-key");
        show.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(sources, Priority.ALWAYS);
        HBox second = new HBox(8, show, sources);
        second.setAlignment(Pos.CENTER_LEFT);
        VBox bar = new VBox(6, first, second);
        bar.getStyleClass().add("filter-bar");
        bar.setPadding(new Insets(8, 10, 8, 10));
        return bar;
    }

    private void export(String kind) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(m.text("timeline.export.title"));
        chooser.setInitialFileName(m.text("timeline.export.file") + "." + kind);
        chooser.setInitialDirectory(model.exportDirectory().toFile());
        javafx.stage.Window window = getScene() == null ? null : getScene().getWindow();
        java.io.File file = chooser.showSaveDialog(window);
        if (window != null) {
            // Take the focus back from the closed dialog. Without a window manager (a bare X server)
            // it would otherwise follow the pointer, and moving onto the next menu's popup would
            // take it from this window: GTK then breaks the popup's grab and JavaFX hides the menu
            // before the click on its item is released, so the item does nothing.
            window.requestFocus();
        }
        if (file == null) {
            return;
        }
        Path path = file.toPath();
        try (Writer out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            if (kind.equals("csv")) {
                model.exportCsv(out);
            } else {
                model.exportJson(out);
            }
            model.exported(path);
        } catch (IOException ex) {
            status.setText(m.format("timeline.export.failed", path.toString(), ex.getMessage()));
        }
    }

    private final class RangeChoice extends ListCell<TimeRange> {
        @Override
        protected void updateItem(TimeRange r, boolean empty) {
            super.updateItem(r, empty);
            setText(empty || r == null ? null : m.text("timeline.range." + r.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    private final class GroupingChoice extends ListCell<Grouping> {
        @Override
        protected void updateItem(Grouping g, boolean empty) {
            super.updateItem(g, empty);
            setText(empty || g == null ? null : m.text("timeline.grouping." + g.wireName()));
        }
    }

    private final class SeverityChoice extends ListCell<Severity> {
        @Override
        protected void updateItem(Severity s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(m.text("timeline.severity.at_least." + s.wireName()));
            setGraphic(Glyphs.icon(Glyphs.iconOf(s), Glyphs.styleClass(s)));
        }
    }

    // ---- table

    private TableView<TimelineRow> table() {
        table.setId("timeline-table");
        table.setAccessibleText(m.text("timeline.a11y.table"));
        table.setItems(model.rows());
        table.setPlaceholder(new Label(m.text("timeline.empty")));
        table.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setFixedCellSize(26);

        TableColumn<TimelineRow, TimelineRow> time = column(m.text("timeline.column.time"), 96, TimeCell::new);
        TableColumn<TimelineRow, TimelineRow> source = column(m.text("timeline.column.source"), 110, SourceCell::new);
        TableColumn<TimelineRow, TimelineRow> severity = column(m.text("timeline.column.severity"), 96, SeverityCell::new);
        TableColumn<TimelineRow, TimelineRow> summary = column(m.text("timeline.column.summary"), 420, SummaryCell::new);
        TableColumn<TimelineRow, TimelineRow> object = column(m.text("timeline.column.object"), 150, ObjectCell::new);
        table.getColumns().setAll(java.util.List.of(time, source, severity, summary, object));

        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(TimelineRow row, boolean empty) {
                super.updateItem(row, empty);
                boolean has = !empty && row != null;
                pseudoClassStateChanged(UNREAD, has && model.isUnread(row));
                pseudoClassStateChanged(LOSS, has && row.isLossMarker());
                pseudoClassStateChanged(WARNING, has && row.event().severity() == Severity.WARNING);
                pseudoClassStateChanged(CRITICAL, has && row.event().severity() == Severity.CRITICAL);
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                model.select(now);
            }
        });
        // The model decides what stays selected when rows merge, move or leave (its rules outlive
        // this table); the table shows that, after its own reaction to each change.
        model.rows().addListener((javafx.collections.ListChangeListener<TimelineRow>) c -> showSelected());
        model.selected().addListener((o, was, now) -> showSelected());
        model.readUpTo().addListener((o, was, now) -> table.refresh());
        return table;
    }

    private void showSelected() {
        TimelineRow want = model.selected().get();
        var selection = table.getSelectionModel();
        int at = selection.getSelectedIndex();
        if (want == null) {
            if (at >= 0 || selection.getSelectedItem() != null) {
                selection.clearSelection();
            }
        } else if (at < 0 || at >= table.getItems().size() || table.getItems().get(at) != want) {
            selection.select(want);   // a search, only when the table's selection went elsewhere
        }
    }

    private static TableColumn<TimelineRow, TimelineRow> column(String title, double width,
                                                                java.util.function.Supplier<TableCell<TimelineRow, TimelineRow>> cells) {
        TableColumn<TimelineRow, TimelineRow> c = new TableColumn<>(title);
        // Never narrower than its title, whatever the language.
        double fits = Math.max(width < 200 ? width : 200, titleWidth(title));
        c.setPrefWidth(Math.max(width, fits));
        c.setMinWidth(fits);
        c.setSortable(false);
        c.setReorderable(false);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue()));
        c.setCellFactory(col -> cells.get());
        return c;
    }

    /** The width a column needs to show {@code title} whole in its header (text, padding, the sort arrow's room). */
    static double titleWidth(String title) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(title);
        t.setFont(Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, Font.getDefault().getSize()));
        return Math.ceil(t.getLayoutBounds().getWidth()) + 24;
    }

    /** Base for this view's cells: one row object, rendered by {@link #render}. */
    private abstract class RowCell extends TableCell<TimelineRow, TimelineRow> {
        @Override
        protected final void updateItem(TimelineRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setText(null);
                setGraphic(null);
                cleared();
            } else {
                render(row);
            }
        }

        abstract void render(TimelineRow row);

        /** The cell went empty: what it remembers of its last row no longer holds. */
        void cleared() {
        }
    }

    private final class TimeCell extends RowCell {
        TimeCell() {
            getStyleClass().add("time-cell");
        }

        /** Today's rows to the second; older ones with their date, to the minute, as the user's locale writes them. */
        @Override
        void render(TimelineRow row) {
            ZoneId zone = clock.getZone();
            boolean today = LocalDate.ofInstant(row.last(), zone).equals(LocalDate.now(clock));
            setText(today ? m.time(row.last()) : m.shortDateTime(row.last()));
        }
    }

    private final class SourceCell extends RowCell {
        private final FontIcon icon = new FontIcon();
        private SourceId shown;

        @Override
        void render(TimelineRow row) {
            SourceId s = row.event().source();
            // Only a new source restyles the icon: a style class set again (even the same) re-applies
            // all CSS to it, and during a flood every cell is rendered again several times a second.
            if (s != shown) {
                shown = s;
                icon.setIconLiteral(Glyphs.iconOf(s));
                icon.getStyleClass().setAll("ikonli-font-icon", Glyphs.styleClass(s));
                setText(words.sourceLabel(s));
            }
            setGraphic(icon);
        }

        @Override
        void cleared() {
            shown = null;
        }
    }

    private final class SeverityCell extends RowCell {
        private final FontIcon icon = new FontIcon();
        private Severity shown;

        @Override
        void render(TimelineRow row) {
            Severity s = row.event().severity();
            if (s != shown) {   // as in SourceCell
                shown = s;
                icon.setIconLiteral(Glyphs.iconOf(s));
                icon.getStyleClass().setAll("ikonli-font-icon", Glyphs.styleClass(s));
                setText(words.severity(s));
            }
            setGraphic(icon);
        }

        @Override
        void cleared() {
            shown = null;
        }
    }

    private final class SummaryCell extends RowCell {
        private final Label summary = new Label();
        private final Label repeats = new Label();
        private final HBox box = new HBox(8, summary, repeats);
        /** Made once per cell: a new icon per loss marker shown would be a new node styled from scratch on every render. */
        private FontIcon lossIcon;

        SummaryCell() {
            repeats.getStyleClass().add("repeat-badge");
            repeats.setMinWidth(Region.USE_PREF_SIZE);   // the summary is cut short first, never the count
            summary.getStyleClass().add("summary");
            summary.setMinWidth(0);
            box.setAlignment(Pos.CENTER_LEFT);
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        void render(TimelineRow row) {
            Event e = row.event();
            summary.setText(row.isLossMarker() ? m.format("timeline.loss_marker", words.summary(e)) : words.summary(e));
            summary.setGraphic(row.isLossMarker() ? lossIcon() : null);
            repeats.setText(words.repeats(row.count(), row.first(), row.last()));
            repeats.setVisible(row.count() > 1);
            repeats.setManaged(row.count() > 1);
            setGraphic(box);
        }

        private FontIcon lossIcon() {
            if (lossIcon == null) {
                lossIcon = Glyphs.icon("mdi2l-lan-disconnect", "loss-icon");
            }
            return lossIcon;
        }
    }

    private final class ObjectCell extends RowCell {
        ObjectCell() {
            getStyleClass().add("data");
        }

        @Override
        void render(TimelineRow row) {
            String subject = row.event().subject();
            setText(subject == null ? "" : Text.visible(subject));
        }
    }

    // ---- detail pane

    private ScrollPane detailScroll() {
        detailPane.setId("detail-pane");
        detailPane.getStyleClass().add("detail-pane");
        detailPane.setPadding(new Insets(12));
        ScrollPane scroll = new ScrollPane(detailPane);
        scroll.setFitToWidth(true);
        scroll.setMinWidth(260);
        showDetail(null);
        model.detail().addListener((o, was, now) -> showDetail(now));
        return scroll;
    }

    private void showDetail(EventDetail d) {
        if (d == null) {
            Label hint = new Label(m.text("timeline.detail.hint"));
            hint.getStyleClass().add("detail-hint");
            hint.setWrapText(true);
            detailPane.getChildren().setAll(hint);
            return;
        }
        Label title = new Label(d.title());
        title.setId("detail-title");
        title.getStyleClass().add("detail-title");
        title.setWrapText(true);
        GridPane grid = new GridPane();
        grid.setId("detail-fields");
        grid.setHgap(10);
        grid.setVgap(4);
        int r = 0;
        for (EventDetail.Field f : d.fields()) {
            Label k = new Label(f.label());
            k.getStyleClass().add("detail-key");
            k.setMinWidth(Region.USE_PREF_SIZE);
            Label v = new Label(f.value());
            v.getStyleClass().addAll("detail-value", "data");
            v.setWrapText(true);
            grid.addRow(r++, k, v);
        }
        detailPane.getChildren().setAll(title, grid);
        if (!d.rawHex().isEmpty()) {
            Label rawTitle = new Label(m.text("timeline.detail.raw"));
            rawTitle.getStyleClass().add("detail-section");
            TextArea hex = SteadyCaret.textArea(d.rawHex());
            hex.setId("detail-raw");
            hex.getStyleClass().add("hex");
            hex.setEditable(false);
            hex.setPrefRowCount((int) d.rawHex().lines().count());
            detailPane.getChildren().addAll(rawTitle, hex);
        }
    }

    // ---- status bar

    private final Label status = new Label();

    private HBox statusBar() {
        Label unread = new Label();
        unread.setId("unread-label");
        Runnable update = () -> {
            int n = model.unreadCount().get();
            Severity worst = model.worstUnreadSeverity().get();
            unread.setText(n == 0 ? m.text("timeline.unread.none") : worst == null ? m.format("timeline.unread", n)
                    : m.format("timeline.unread.worst", n, words.severity(worst)));
            String tone = worst == null ? "severity-none" : Glyphs.styleClass(worst);
            if (!unread.getStyleClass().contains(tone)) {   // setting the same classes again would re-apply all CSS to it
                unread.getStyleClass().setAll("label", "unread-label", tone);
            }
            status.setText(m.format("timeline.shown", model.rows().size(), model.totalRows().get()));
        };
        model.unreadCount().addListener(o -> update.run());
        model.worstUnreadSeverity().addListener(o -> update.run());
        model.totalRows().addListener(o -> update.run());
        model.rows().addListener((javafx.collections.ListChangeListener<TimelineRow>) c -> update.run());
        update.run();
        status.setId("status-label");
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox bar = new HBox(12, status, spring, unread);
        bar.getStyleClass().add("status-bar");
        bar.setPadding(new Insets(4, 10, 4, 10));
        return bar;
    }
}
