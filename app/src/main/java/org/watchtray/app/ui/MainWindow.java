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
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.StackPane;
import javafx.stage.PopupWindow;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.watchtray.app.text.Messages;
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
     * @param themes       keeps the window in the desktop's (or the user's) colour scheme
     */
    public MainWindow(TimelineTabs tabs, Runnable openSettings, Runnable onShown, Themes themes) {
        this(tabs, openSettings, onShown, themes, Messages.english(java.time.ZoneId.systemDefault()));
    }

    /** @param messages the user's language: the window's own words, and right-to-left layout where the language needs it */
    public MainWindow(TimelineTabs tabs, Runnable openSettings, Runnable onShown, Themes themes, Messages messages) {
        this.tabs = Objects.requireNonNull(tabs);
        this.onShown = Objects.requireNonNull(onShown);
        Button settings = new Button(null, new FontIcon("mdi2c-cog-outline"));
        settings.setId("open-settings");
        settings.getStyleClass().add("window-settings-button");
        // What a screen reader calls the icon-only button, also its tooltip.
        settings.setTooltip(new Tooltip(messages.text("window.settings")));
        settings.setAccessibleText(messages.text("window.settings"));
        settings.setOnAction(e -> openSettings.run());
        StackPane root = new StackPane(tabs, settings);
        StackPane.setAlignment(settings, Pos.TOP_RIGHT);
        StackPane.setMargin(settings, new Insets(3, 6, 0, 0));
        stage.setTitle("watchtray");
        Scene scene = new Scene(root, 1080, 680);
        themes.apply(scene);
        orient(scene, messages);
        closeOnShortcut(scene, stage);
        FirstFrame.report(scene, tabs.timeline().tableView());
        // Keyboard ways to what the mouse reaches in one click: the settings and the search field.
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.COMMA, KeyCombination.SHORTCUT_DOWN), openSettings);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), this::focusSearch);
        stage.setScene(scene);
        stage.setMinWidth(720);
        stage.setMinHeight(420);
        WindowTrace.mark("scene");
        addIcons(stage);
        WindowTrace.mark("icons");
    }

    /**
     * Ctrl+W and Esc hide a window, as in most desktop apps; watchtray itself stays in the
     * tray. The one place for both windows' closing keys. Esc is caught before the focused
     * control sees it (a menu button or a combo box would keep it even when closed), unless a
     * drop-down or menu of this window is open: then Esc only closes that.
     */
    public static void closeOnShortcut(Scene scene, Stage s) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN), s::hide);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && !e.isShortcutDown() && !e.isAltDown() && !menuOpen(s)) {
                e.consume();
                s.hide();
            }
        });
    }

    /** Lays the scene out right to left for a language written that way. */
    public static void orient(Scene scene, Messages messages) {
        scene.setNodeOrientation(messages.rightToLeft() ? javafx.geometry.NodeOrientation.RIGHT_TO_LEFT
                : javafx.geometry.NodeOrientation.LEFT_TO_RIGHT);
    }

    /** Whether a menu or drop-down of {@code owner} shows (tooltips and in-app toasts do not count). */
    private static boolean menuOpen(Window owner) {
        for (Window w : Window.getWindows()) {
            if (w instanceof PopupWindow p && p.isShowing() && !(p instanceof Tooltip) && ownedBy(p, owner)
                    && (p.getScene() == null || p.getScene().getRoot().lookup(".watchtray-toast") == null)) {
                return true;
            }
        }
        return false;
    }

    private static boolean ownedBy(PopupWindow p, Window owner) {
        Window o = p.getOwnerWindow();
        while (o instanceof PopupWindow parent && o != owner) {
            o = parent.getOwnerWindow();
        }
        return o == owner;
    }

    /** Ctrl+F: the timeline page, with the search field focused and its text selected. */
    private void focusSearch() {
        tabs.getSelectionModel().select(0);
        javafx.scene.Node search = stage.getScene().lookup("#filter-text");
        if (search instanceof javafx.scene.control.TextField f) {
            f.requestFocus();
            f.selectAll();
        }
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
