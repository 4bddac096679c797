package org.watchtray.app.ui.settings;

import javafx.scene.Scene;
import javafx.stage.Stage;
import org.watchtray.app.text.Messages;
import org.watchtray.app.ui.MainWindow;
import org.watchtray.app.ui.Themes;

/** The settings dialog's window: not modal (a tray app never blocks), closing only hides it. */
public final class SettingsWindow {
    private final Stage stage = new Stage();
    private final SettingsView view;

    public SettingsWindow(SettingsViewModel model, Themes themes) {
        this(model, themes, Messages.english(java.time.ZoneId.systemDefault()));
    }

    /** @param messages the user's language */
    public SettingsWindow(SettingsViewModel model, Themes themes, Messages messages) {
        view = new SettingsView(model, messages);
        stage.setTitle(messages.text("settings.window.title"));
        Scene scene = new Scene(view, 640, 690);
        themes.apply(scene);
        MainWindow.orient(scene, messages);
        MainWindow.closeOnShortcut(scene, stage);
        stage.setScene(scene);
        stage.setMinWidth(520);
        stage.setMinHeight(420);
        MainWindow.addIcons(stage);
    }

    public Stage stage() {
        return stage;
    }

    public SettingsView view() {
        return view;
    }

    public void show() {
        stage.show();
        stage.setIconified(false);
        stage.toFront();
        stage.requestFocus();
    }
}
