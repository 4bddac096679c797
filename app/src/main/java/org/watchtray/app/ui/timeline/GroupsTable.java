package org.watchtray.app.ui.timeline;

import org.watchtray.core.settings.Grouping;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.core.event.SourceId;

/**
 * The grouped timeline ({@link TimelineViewModel#groups()}): one row per day and group, with how
 * many events it holds, the worst of them and when the latest happened. Shown in place of the
 * event table while the timeline is grouped.
 */
final class GroupsTable {
    private GroupsTable() {
    }

    static TableView<GroupRow> of(TimelineViewModel model, EventText words) {
        Messages m = words.messages();
        DateTimeFormatter days = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(m.locale());
        TableView<GroupRow> table = new TableView<>(model.groups());
        table.setId("timeline-groups");
        table.setAccessibleText(m.text("timeline.groups.a11y.table"));
        table.setPlaceholder(new Label(m.text("timeline.groups.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setFixedCellSize(26);
        TableColumn<GroupRow, GroupRow> group = column(m.text("timeline.groups.column.group"), 220, r -> label(r, model.grouping().get(), words));
        group.visibleProperty().bind(model.grouping().isNotEqualTo(Grouping.DAY));
        TableColumn<GroupRow, GroupRow> worst = column(m.text("timeline.groups.column.worst"), 110, r -> words.severity(r.worst()));
        table.getColumns().setAll(java.util.List.of(
                column(m.text("timeline.groups.column.day"), 120, r -> days.format(r.day())),
                group,
                column(m.text("timeline.groups.column.count"), 90, r -> m.count(r.count())),
                worst,
                column(m.text("timeline.groups.column.newest"), 150, r -> m.shortDateTime(r.newest()))));
        worst.setCellFactory(c -> new Cell(r -> words.severity(r.worst())) {
            @Override
            void decorate(GroupRow r) {
                setGraphic(Glyphs.icon(Glyphs.iconOf(r.worst()), Glyphs.styleClass(r.worst())));
            }
        });
        return table;
    }

    /** What a group is called: the source as the timeline names it, or the object as it came. */
    private static String label(GroupRow r, Grouping grouping, EventText words) {
        if (grouping == Grouping.SOURCE) {
            try {
                return words.sourceLabel(SourceId.fromWireName(r.key()));
            } catch (IllegalArgumentException e) {
                return r.key();   // a source a newer watchtray wrote
            }
        }
        return r.key().isEmpty() ? words.messages().text("timeline.groups.no_object") : r.key();
    }

    private static TableColumn<GroupRow, GroupRow> column(String title, double width, Function<GroupRow, String> text) {
        TableColumn<GroupRow, GroupRow> c = new TableColumn<>(title);
        double fits = TimelineView.titleWidth(title);
        c.setPrefWidth(Math.max(width, fits));
        c.setMinWidth(fits);
        c.setSortable(false);
        c.setReorderable(false);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue()));
        c.setCellFactory(col -> new Cell(text));
        return c;
    }

    private static class Cell extends TableCell<GroupRow, GroupRow> {
        private final Function<GroupRow, String> text;

        Cell(Function<GroupRow, String> text) {
            this.text = text;
        }

        @Override
        protected void updateItem(GroupRow r, boolean empty) {
            super.updateItem(r, empty);
            setGraphic(null);
            setText(empty || r == null ? null : text.apply(r));
            if (!empty && r != null) {
                decorate(r);
            }
        }

        void decorate(GroupRow r) {
        }
    }
}
