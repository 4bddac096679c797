package org.watchtray.app.ui;

import java.net.URL;
import java.util.Objects;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.kordamp.ikonli.javafx.FontIcon;
import org.watchtray.app.ui.timeline.TimelineRow;
import org.watchtray.app.ui.timeline.TimelineTabs;
import org.watchtray.core.event.Event;
import org.watchtray.icons.Icons;

/**
 * The one main window: the timeline's tabs (Timeline, Charts, Sources) with a settings button
 * in the tab strip. Closing it only hides it; the app lives on in the tray. Opening it from the
 * tray or a toast can point at one event, which is then selected and scrolled to.
 */
public final class MainWindow {
    private final Stage stage = new Stage();
    private final TimelineTabs tabs;
    private final Runnable onShown;

    /**
     * @param openSettings what the gear button does
     * @param onShown      called each time the window is brought up (the tray counts it as seen)
     */
    public MainWindow(TimelineTabs tabs, Runnable openSettings, Runnable onShown) {
        this.tabs = Objects.requireNonNull(tabs);
        this.onShown = Objects.requireNonNull(onShown);
        Button settings = new Button(null, new FontIcon("mdi2c-cog-outline"));
        settings.setId("open-settings");
        settings.getStyleClass().add("window-settings-button");
        settings.setTooltip(new Tooltip("Settings"));
        settings.setFocusTraversable(false);
        settings.setOnAction(e -> openSettings.run());
        StackPane root = new StackPane(tabs, settings);
        StackPane.setAlignment(settings, Pos.TOP_RIGHT);
        StackPane.setMargin(settings, new Insets(3, 6, 0, 0));
        stage.setTitle("watchtray");
        Scene scene = new Scene(root, 1080, 680);
        closeOnShortcut(scene, stage);
        stage.setScene(scene);
        stage.setMinWidth(720);
        stage.setMinHeight(420);
        addIcons(stage);
    }

    /** Ctrl+W or Esc hides a window, as in most desktop apps; watchtray itself stays in the tray. */
    public static void closeOnShortcut(Scene scene, Stage s) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN), s::hide);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), s::hide);
    }

    /** The window icons a window manager may show: the application icon at every bundled size. */
    public static void addIcons(Stage s) {
        for (int size : Icons.SIZES) {
            URL png = Icons.png(null, size);
            if (png != null) {
                s.getIcons().add(new Image(png.toExternalForm()));
            }
        }
    }

    public Stage stage() {
        return stage;
    }

    public TimelineTabs tabs() {
        return tabs;
    }

    /** Shows the window in front; when {@code at} is given, the timeline tab with that event selected. */
    public void show(Event at) {
        if (at != null) {
            tabs.getSelectionModel().select(0);
            reveal(at);
        }
        stage.show();
        stage.setIconified(false);
        stage.toFront();
        stage.requestFocus();
        onShown.run();
    }

    /** Selects and scrolls to the row of {@code at} (or the newest repeat of it); false when it is not shown. */
    public boolean reveal(Event at) {
        TableView<TimelineRow> table = tabs.timeline().tableView();
        TimelineRow match = null;
        for (TimelineRow row : table.getItems()) {
            if (row.event().equals(at)) {
                match = row;
                break;
            }
            // A repeat is folded into a group shown as its latest event: the newest such row.
            if (match == null && row.event().source() == at.source() && row.event().name().equals(at.name())
                    && Objects.equals(row.event().subject(), at.subject())) {
                match = row;
            }
        }
        if (match == null) {
            return false;
        }
        table.getSelectionModel().select(match);
        table.scrollTo(match);
        return true;
    }

    public void hide() {
        stage.hide();
    }
}
