package org.watchtray.app.ui.timeline;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.text.Text;
import org.watchtray.app.ui.timeline.SourcesViewModel.SourceRow;
import org.watchtray.core.source.SourceStatus;

/** Each source, its mechanism, state and why — live, like {@code watchtray status}. */
public final class SourcesView extends BorderPane {
    /** What a screen reader calls the table (plain English, for the bundle). */
    static final String A11Y_TABLE = "Sources";
    private final TableView<SourceRow> table = new TableView<>();

    public SourcesView(SourcesViewModel model, Clock clock) {
        getStyleClass().add("sources");
        getStylesheets().add(SourcesView.class.getResource("timeline.css").toExternalForm());
        DateTimeFormatter since = DateTimeFormatter.ofPattern("MMM d HH:mm:ss").withZone(clock.getZone());
        table.setId("sources-table");
        table.setAccessibleText(A11Y_TABLE);
        table.setItems(model.rows());
        table.setPlaceholder(new Label("No sources are configured."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                column("Source", 130, (cell, s) -> {
                    cell.setGraphic(Glyphs.icon(Glyphs.iconOf(s.status().source()), Glyphs.styleClass(s.status().source())));
                    cell.setText(Glyphs.label(s.status().source()));
                }),
                column("State", 120, (cell, s) -> {
                    SourceStatus.State st = s.status().state();
                    Label badge = new Label(st.name().toLowerCase(Locale.ROOT), Glyphs.icon(Glyphs.iconOf(st), Glyphs.styleClass(st)));
                    badge.getStyleClass().addAll("state-badge", Glyphs.styleClass(st));
                    cell.setGraphic(badge);
                    cell.setText(null);
                }),
                column("Mechanism", 380, (cell, s) -> cell.setText(s.status().mechanism())),
                column("Since", 110, (cell, s) -> cell.setText(s.since() == null ? "\u2014" : since.format(s.since()))),
                column("Why", 360, (cell, s) -> {
                    Text why = new Text(s.status().reason().isEmpty() ? "\u2014" : s.status().reason());
                    why.getStyleClass().add("why");
                    why.wrappingWidthProperty().bind(cell.widthProperty().subtract(12));
                    cell.setGraphic(why);
                    cell.setText(null);
                })));
        setCenter(table);
        Label hint = new Label("A source on a fallback or not running says why; watchtray keeps the others going.");
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
        c.setPrefWidth(width);
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
