package org.watchtray.app.ui.timeline;

import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.text.Text;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.app.ui.timeline.SourcesViewModel.SourceRow;
import org.watchtray.core.source.SourceStatus;

/** Each source, its mechanism, state and why — live, like {@code watchtray status}. */
public final class SourcesView extends BorderPane {
    private final TableView<SourceRow> table = new TableView<>();

    public SourcesView(SourcesViewModel model, EventText words) {
        Messages m = words.messages();
        getStyleClass().add("sources");
        getStylesheets().add(SourcesView.class.getResource("timeline.css").toExternalForm());
        table.setId("sources-table");
        table.setAccessibleText(m.text("sources.a11y.table"));
        table.setItems(model.rows());
        table.setPlaceholder(new Label(m.text("sources.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                column(m.text("sources.column.source"), 130, (cell, s) -> {
                    cell.setGraphic(Glyphs.icon(Glyphs.iconOf(s.status().source()), Glyphs.styleClass(s.status().source())));
                    cell.setText(words.sourceLabel(s.status().source()));
                }),
                column(m.text("sources.column.state"), 120, (cell, s) -> {
                    SourceStatus.State st = s.status().state();
                    Label badge = new Label(words.state(st), Glyphs.icon(Glyphs.iconOf(st), Glyphs.styleClass(st)));
                    badge.getStyleClass().addAll("state-badge", Glyphs.styleClass(st));
                    cell.setGraphic(badge);
                    cell.setText(null);
                }),
                column(m.text("sources.column.mechanism"), 380, (cell, s) -> cell.setText(words.status().mechanism(s.status()))),
                column(m.text("sources.column.since"), 110, (cell, s) -> cell.setText(s.since() == null ? "\u2014" : m.shortDateTime(s.since()))),
                column(m.text("sources.column.why"), 360, (cell, s) -> {
                    Text why = new Text(s.status().reason().isEmpty() ? "\u2014" : words.status().reason(s.status()));
                    why.getStyleClass().add("why");
                    why.wrappingWidthProperty().bind(cell.widthProperty().subtract(12));
                    cell.setGraphic(why);
                    cell.setText(null);
                })));
        setCenter(table);
        Label hint = new Label(m.text("sources.hint"));
        hint.getStyleClass().add("detail-hint");
        hint.setPadding(new Insets(6, 10, 6, 10));
        setBottom(hint);
    }

    public TableView<SourceRow> tableView() {
        return table;
    }

    private static TableColumn<SourceRow, SourceRow> column(String title, double width,
                                                            java.util.function.BiConsumer<TableCell<SourceRow, SourceRow>, SourceRow> render) {
        TableColumn<SourceRow, SourceRow> c = new TableColumn<>(title);
        c.setMinWidth(Math.min(width, TimelineView.titleWidth(title)));
        c.setPrefWidth(Math.max(width, TimelineView.titleWidth(title)));
        c.setSortable(false);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(SourceRow row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setText(null);
                    setGraphic(null);
                } else {
                    render.accept(this, row);
                }
            }
        });
        return c;
    }

}
