package org.watchtray.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.NodeOrientation;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import org.junit.jupiter.api.Assumptions;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TabPane;
import javafx.stage.PopupWindow;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.watchtray.app.desktop.notify.FxToaster;
import org.watchtray.app.desktop.notify.ToastContent;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.app.testing.AppWindows;
import org.watchtray.app.testing.Fx;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.app.testing.TextAudit;
import org.watchtray.core.event.Event;

/**
 * Every window in the pseudo-locale (every bundle text bracketed, accented and 40 % longer) and
 * in the pseudo right-to-left locale (the same in Hebrew letters, the windows mirrored): each page
 * of the main window with each event's detail, the charts and the sources, each page of the
 * settings, every drop-down's list and the in-app toast for every sample event. Any text that is
 * not pseudo-translated is hard-coded; any text shown shorter than it is does not fit.
 */
@ExtendWith(ApplicationExtension.class)
class PseudoLocaleWindowsTest {
    /**
     * The pseudo-locale, or its right-to-left twin. The right-to-left run is skipped, saying why,
     * while JavaFX cannot lay out wrapped right-to-left text at all (26.0.2 throws
     * ArrayIndexOutOfBoundsException in PrismTextLayout.computeTrailingSpaceWidth for any wrapped
     * label whose line ends at a space); it runs by itself once JavaFX is fixed.
     */
    private static Messages pseudo(boolean rightToLeft) {
        if (rightToLeft) {
            Optional<String> broken = Fx.call(PseudoLocaleWindowsTest::rightToLeftWrapFails);
            Assumptions.assumeTrue(broken.isEmpty(), () -> "JavaFX cannot lay out wrapped right-to-left text here: " + broken.orElseThrow());
            return Messages.pseudoRightToLeft(ZoneOffset.UTC);
        }
        return Messages.pseudo(ZoneOffset.UTC);
    }

    /** Lays out one wrapped right-to-left label from the pseudo-locale; the exception JavaFX throws, if it does. On the FX thread. */
    static Optional<String> rightToLeftWrapFails() {
        Label l = new Label(Messages.pseudoRightToLeft(ZoneOffset.UTC).text("settings.mounts.burst.apart") + " "
                + Messages.pseudoRightToLeft(ZoneOffset.UTC).text("tray.no_display"));
        l.setWrapText(true);
        l.setMaxWidth(100);
        StackPane root = new StackPane(l);
        root.setNodeOrientation(NodeOrientation.RIGHT_TO_LEFT);
        new Scene(root, 100, 400);
        try {
            root.applyCss();
            root.layout();
            l.prefHeight(100);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.toString());
        }
    }

    @TempDir
    Path dir;
    AppWindows w;

    @Start
    void start(Stage stage) {
        // The windows under test are the app's own stages.
    }

    @AfterEach
    void hide() {
        if (w != null) {
            w.hide();
        }
    }

    @ParameterizedTest(name = "right to left: {0}")
    @ValueSource(booleans = {false, true})
    void theMainWindowShowsOnlyTranslatedTextThatFits(boolean rightToLeft, FxRobot robot) {
        w = AppWindows.create(dir, PaletteSource.fixed(Palette.LIGHT), pseudo(rightToLeft));
        robot.interact(() -> w.main.show(null));
        assertMirrored(rightToLeft, w.mainScene(), "#filter-text", "#export");
        TextAudit audit = new TextAudit();
        Fx.run(() -> audit.title(w.main.stage().getTitle(), "main"));
        TabPane pages = w.main.tabs();
        for (int page = 0; page < pages.getTabs().size(); page++) {
            int p = page;
            robot.interact(() -> pages.getSelectionModel().select(p));
            audit(robot, audit, w.mainScene(), "main page " + page);
        }
        // The detail pane of every kind of event.
        robot.interact(() -> pages.getSelectionModel().select(0));
        var table = w.main.tabs().timeline().tableView();
        int rows = Fx.call(() -> table.getItems().size());
        for (int i = 0; i < rows; i++) {
            int r = i;
            robot.interact(() -> table.getSelectionModel().select(r));
            Fx.run(() -> audit.node(w.mainScene().lookup("#detail-pane"), "detail of row " + r));
        }
        assertTrue(audit.checked() > 150, "texts read: " + audit.checked());
        assertEquals(List.of(), audit.problems());
    }

    /** The audit can fail: in English every window is "hard-coded". */
    @Test
    void inEnglishTheAuditFindsTextThatIsNotPseudoTranslated(FxRobot robot) {
        w = AppWindows.create(dir, PaletteSource.fixed(Palette.LIGHT));
        robot.interact(() -> w.main.show(null));
        TextAudit audit = new TextAudit();
        audit(robot, audit, w.mainScene(), "english");
        assertTrue(audit.problems().size() > 20, audit.problems().toString());
        assertTrue(audit.problems().stream().anyMatch(p -> p.contains("\"Mark all read\"")), audit.problems().toString());
    }

    @ParameterizedTest(name = "right to left: {0}")
    @ValueSource(booleans = {false, true})
    void theSettingsShowOnlyTranslatedTextThatFits(boolean rightToLeft, FxRobot robot) {
        w = AppWindows.create(dir, PaletteSource.fixed(Palette.LIGHT), pseudo(rightToLeft));
        robot.interact(w.settings::show);
        assertEquals(rightToLeft ? NodeOrientation.RIGHT_TO_LEFT : NodeOrientation.LEFT_TO_RIGHT,
                Fx.call(() -> w.settingsScene().getRoot().getEffectiveNodeOrientation()));
        TextAudit audit = new TextAudit();
        Fx.run(() -> audit.title(w.settings.stage().getTitle(), "settings"));
        TabPane pages = (TabPane) w.settingsScene().lookup("#settings-tabs");
        for (int page = 0; page < pages.getTabs().size(); page++) {
            int p = page;
            robot.interact(() -> pages.getSelectionModel().select(p));
            audit(robot, audit, w.settingsScene(), "settings page " + page);
        }
        // A refused input's message.
        robot.interact(() -> w.settingsModel.dataThresholds().commit("150"));
        robot.interact(() -> pages.getSelectionModel().select(1));
        audit(robot, audit, w.settingsScene(), "settings with an error");
        assertTrue(audit.checked() > 60, "texts read: " + audit.checked());
        assertEquals(List.of(), audit.problems());
    }

    @ParameterizedTest(name = "right to left: {0}")
    @ValueSource(booleans = {false, true})
    void theInAppToastShowsOnlyTranslatedTextThatFits(boolean rightToLeft) throws Exception {
        Messages pseudo = pseudo(rightToLeft);
        FxToaster toaster = new FxToaster(new FxRuntime(), new Themes(PaletteSource.fixed(Palette.LIGHT)), pseudo);
        ToastContent content = new ToastContent(new EventText(pseudo));
        TextAudit audit = new TextAudit();
        for (Event e : SampleEvents.everyFamily(AppWindows.T0)) {
            long id = toaster.show(content.of(e), 0);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> toast().isPresent());
            try {
                WaitForAsyncUtils.waitForFxEvents();
                Fx.run(() -> audit.node(showingToast().orElseThrow().getScene().getRoot(), "toast for " + e.name()));
                assertEquals(rightToLeft ? NodeOrientation.RIGHT_TO_LEFT : NodeOrientation.LEFT_TO_RIGHT,
                        Fx.call(() -> showingToast().orElseThrow().getScene().getRoot().lookup(".watchtray-toast").getEffectiveNodeOrientation()));
            } finally {
                toaster.close(id);
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> toast().isEmpty());
            }
        }
        assertTrue(audit.checked() > 40, "texts read: " + audit.checked());
        assertEquals(List.of(), audit.problems());
    }

    /** In a right-to-left language {@code first} (the start of a row) is laid out right of {@code last}; else left of it. */
    private static void assertMirrored(boolean rightToLeft, Scene scene, String first, String last) {
        WaitForAsyncUtils.waitForFxEvents();
        double[] x = Fx.call(() -> new double[] {
                scene.lookup(first).localToScreen(scene.lookup(first).getBoundsInLocal()).getCenterX(),
                scene.lookup(last).localToScreen(scene.lookup(last).getBoundsInLocal()).getCenterX()});
        assertEquals(rightToLeft, x[0] > x[1], first + " at x " + x[0] + ", " + last + " at x " + x[1]);
    }

    /** The scene as laid out, then each drop-down's list opened. */
    private static void audit(FxRobot robot, TextAudit audit, Scene scene, String where) {
        WaitForAsyncUtils.waitForFxEvents();
        Fx.run(() -> {
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            audit.node(scene.getRoot(), where);
        });
        List<ComboBox<?>> boxes = Fx.call(() -> TextAudit.comboBoxes(scene.getRoot()));
        for (ComboBox<?> box : boxes) {
            robot.interact(box::show);
            WaitForAsyncUtils.waitForFxEvents();
            Fx.run(() -> {
                for (Window popup : new ArrayList<>(Window.getWindows())) {
                    if (popup instanceof PopupWindow p && p.isShowing() && p.getScene() != null) {
                        p.getScene().getRoot().applyCss();
                        audit.node(p.getScene().getRoot(), where + " list of " + box.getId());
                    }
                }
            });
            robot.interact(box::hide);
        }
    }

    private static java.util.Optional<PopupWindow> toast() {
        return Fx.call(PseudoLocaleWindowsTest::showingToast);
    }

    /** On the FX thread. */
    private static java.util.Optional<PopupWindow> showingToast() {
        return Window.getWindows().stream().filter(w -> w instanceof PopupWindow p && p.isShowing()
                && p.getScene().getRoot().lookup(".watchtray-toast") != null).map(w -> (PopupWindow) w).findFirst();
    }
}
