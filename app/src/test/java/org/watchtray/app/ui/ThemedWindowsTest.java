package org.watchtray.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import java.util.concurrent.TimeUnit;
import javafx.stage.PopupWindow;
import javafx.stage.Window;
import org.watchtray.app.desktop.appearance.AppearanceModel;
import org.watchtray.app.desktop.notify.FxToaster;
import org.watchtray.app.desktop.notify.ToastContent;
import org.watchtray.app.testing.Events;
import org.watchtray.app.desktop.appearance.SchemePreference;
import org.watchtray.app.testing.AppWindows;
import org.watchtray.app.testing.Fx;
import org.watchtray.app.testing.SceneContrast;
import org.watchtray.app.ui.timeline.TimelineRow;
import org.watchtray.core.event.Severity;
import org.watchtray.core.settings.Settings;

/**
 * The real windows in both colour schemes on JavaFX's Headless platform, judged after CSS as
 * they would be drawn: every visible text and icon of the timeline (with a critical row
 * selected), charts, sources and each settings tab must meet WCAG AA against what it is drawn
 * on; so must the in-app toast. Snapshots are kept as {@code target/screenshots/theme-<window>-<scheme>.png}.
 */
@ExtendWith(ApplicationExtension.class)
class ThemedWindowsTest {
    private static final Path SHOTS = Path.of("target/screenshots");

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        // The windows under test are the app's own stages.
    }

    @ParameterizedTest
    @EnumSource(Palette.class)
    void everyTextAndIconInEveryWindowIsLegible(Palette palette, FxRobot robot) throws Exception {
        AppWindows w = AppWindows.create(dir, PaletteSource.fixed(palette));
        String scheme = palette.name().toLowerCase(Locale.ROOT);
        List<String> failures = new ArrayList<>();
        try {
            robot.interact(() -> {
                w.main.show(null);
                TableView<TimelineRow> table = w.main.tabs().timeline().tableView();
                TimelineRow critical = table.getItems().stream().filter(r -> r.event().severity() == Severity.CRITICAL)
                        .findFirst().orElseThrow();
                table.getSelectionModel().select(critical);
                table.requestFocus();
            });
            String[] tabs = {"timeline", "charts", "sources"};
            for (int i = 0; i < tabs.length; i++) {
                int tab = i;
                robot.interact(() -> w.main.tabs().getSelectionModel().select(tab));
                WaitForAsyncUtils.waitForFxEvents();
                failures.addAll(check(w.mainScene().getRoot(), tabs[i]));
                String name = "theme-" + tabs[i] + "-" + scheme + ".png";
                Fx.run(() -> save(w.mainScene().getRoot(), name));
            }
            robot.interact(w.settings::show);
            TabPane settingsTabs = (TabPane) w.settingsScene().getRoot().lookup("#settings-tabs");
            String[] pages = {"alerts", "monitoring", "general"};
            for (int i = 0; i < pages.length; i++) {
                int page = i;
                robot.interact(() -> settingsTabs.getSelectionModel().select(page));
                WaitForAsyncUtils.waitForFxEvents();
                failures.addAll(check(w.settingsScene().getRoot(), "settings " + pages[i]));
                String name = "theme-settings-" + pages[i] + "-" + scheme + ".png";
                Fx.run(() -> save(w.settingsScene().getRoot(), name));
            }
        } finally {
            w.hide();
        }
        assertEquals(List.of(), failures, palette + " scheme");
    }

    private static List<String> check(Parent root, String where) {
        return check(root, where, 20);
    }

    private static List<String> check(Parent root, String where, int atLeast) {
        return Fx.call(() -> {
            assertTrue(SceneContrast.checked(root) >= atLeast, where + ": texts were found to check");
            return SceneContrast.illegible(root).stream().map(f -> where + ": " + f).toList();
        });
    }

    private static void save(Parent root, String name) {
        try {
            SceneContrast.save(root, SHOTS.resolve(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(Palette.class)
    void theInAppToastIsLegible(Palette palette) throws Exception {
        FxToaster toaster = new FxToaster(new FxRuntime(), new Themes(PaletteSource.fixed(palette)));
        long id = toaster.show(new ToastContent(new org.watchtray.app.text.EventText(org.watchtray.app.text.Messages.english(java.time.ZoneOffset.UTC))).of(Events.remountedReadOnly("/srv/data", Events.T0)), 0);
        // Shown, and faded in (ControlsFX animates the opacity).
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> toast().map(p -> Fx.call(() ->
                SceneContrast.checked(p.getScene().getRoot()) >= 3)).orElse(false));
        try {
            Parent root = toast().orElseThrow().getScene().getRoot();
            List<String> failures = check(root, "toast", 3);
            Fx.run(() -> save(root, "theme-toast-" + palette.name().toLowerCase(Locale.ROOT) + ".png"));
            assertEquals(List.of(), failures, palette + " scheme");
        } finally {
            toaster.close(id);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> toast().isEmpty());
        }
    }

    private static java.util.Optional<PopupWindow> toast() {
        return Fx.call(() -> Window.getWindows().stream().filter(w -> w instanceof PopupWindow p && p.isShowing()
                && p.getScene().getRoot().lookup(".watchtray-toast") != null).map(w -> (PopupWindow) w).findFirst());
    }

    @Test
    void openWindowsTurnDarkWhenTheDesktopDoesAndTheSettingOverridesIt(FxRobot robot) {
        AppearanceModel appearance = new AppearanceModel(Settings.ColorScheme.SYSTEM);
        AppWindows w = AppWindows.create(dir, appearance);
        robot.interact(() -> w.main.show(null));
        try {
            assertEquals(Palette.LIGHT, tableBackground(w), "no preference known yet: light");

            appearance.portal(SchemePreference.DARK);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(Palette.DARK, tableBackground(w), "the desktop turned dark: so does the open window");

            appearance.setting(Settings.ColorScheme.LIGHT);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(Palette.LIGHT, tableBackground(w), "the user's setting wins over the desktop");

            appearance.setting(Settings.ColorScheme.SYSTEM);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(Palette.DARK, tableBackground(w), "back to following the desktop");
        } finally {
            robot.interact(w.main::hide);
        }
    }

    @Test
    void theColoursChoiceInTheSettingsDialogIsHonouredAtOnce(FxRobot robot) {
        AppearanceModel appearance = new AppearanceModel(Settings.ColorScheme.SYSTEM);
        AppWindows w = AppWindows.create(dir, appearance);
        w.service.listen(s -> appearance.setting(s.appearance().colorScheme()));
        appearance.portal(SchemePreference.LIGHT);
        robot.interact(() -> {
            w.main.show(null);
            w.settings.show();
        });
        try {
            @SuppressWarnings("unchecked")
            ComboBox<Settings.ColorScheme> colours = (ComboBox<Settings.ColorScheme>) w.settingsScene().lookup("#color-scheme");
            assertEquals(Settings.ColorScheme.SYSTEM, colours.getValue());
            robot.interact(() -> colours.getSelectionModel().select(Settings.ColorScheme.DARK));
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(Palette.DARK, tableBackground(w), "Dark in the dialog turns the open main window dark");
            assertEquals(Palette.DARK.stylesheet().toExternalForm(), Fx.call(() -> w.settingsScene().getStylesheets().getFirst()),
                    "and the dialog itself");
            assertEquals(Settings.ColorScheme.DARK, w.service.current().appearance().colorScheme(), "and it is saved");
        } finally {
            w.hide();
        }
    }

    /** Which palette the timeline table is drawn in, judged by its background's luminance. */
    private static Palette tableBackground(AppWindows w) {
        return Fx.call(() -> {
            Region table = w.main.tabs().timeline().tableView();
            table.applyCss();
            Color bg = (Color) table.getBackground().getFills().getLast().getFill();
            return bg.getBrightness() < 0.5 ? Palette.DARK : Palette.LIGHT;
        });
    }
}
