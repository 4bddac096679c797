package org.watchtray.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.watchtray.app.testing.Accessibility;
import org.watchtray.app.testing.AppWindows;
import org.watchtray.app.testing.Fx;

/**
 * Screen readers and keyboards in every window, on JavaFX's Headless platform: each control a
 * keyboard can reach has an accessible role and name (walked over the whole scene graph, the
 * hidden tabs included), and each of them is actually reached by pressing Tab (Ctrl+Tab out
 * of a text area, which takes Tab as text), page by page of each window's tabs.
 */
@ExtendWith(ApplicationExtension.class)
class AccessibilityTest {
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

    @Test
    void everyReachableControlHasARoleAndAName(FxRobot robot) {
        w = AppWindows.create(dir, PaletteSource.fixed(Palette.LIGHT));
        robot.interact(() -> {
            w.main.show(null);
            w.settings.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<String> problems = new ArrayList<>();
        for (var window : w.stages().entrySet()) {
            Scene scene = window.getValue().getScene();
            int controls = Fx.call(() -> Accessibility.reachable(scene.getRoot()).size());
            assertTrue(controls >= 8, window.getKey() + " has controls to check: " + controls);
            problems.addAll(Fx.call(() -> Accessibility.problems(scene.getRoot())).stream()
                    .map(p -> window.getKey() + ": " + p).toList());
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void tabReachesEveryControlOfTheMainWindowOnEachPage(FxRobot robot) {
        w = AppWindows.create(dir, PaletteSource.fixed(Palette.LIGHT));
        robot.interact(() -> w.main.show(null));
        TabPane pages = w.main.tabs();
        for (int page = 0; page < pages.getTabs().size(); page++) {
            int p = page;
            robot.interact(() -> pages.getSelectionModel().select(p));
            assertEverythingReached(robot, w.mainScene(), "main window, " + pages.getTabs().get(page).getText());
        }
    }

    @Test
    void tabReachesEveryControlOfTheSettingsOnEachPage(FxRobot robot) {
        w = AppWindows.create(dir, PaletteSource.fixed(Palette.LIGHT));
        robot.interact(w.settings::show);
        TabPane pages = (TabPane) w.settingsScene().lookup("#settings-tabs");
        for (int page = 0; page < pages.getTabs().size(); page++) {
            int p = page;
            robot.interact(() -> pages.getSelectionModel().select(p));
            assertEverythingReached(robot, w.settingsScene(), "settings, " + pages.getTabs().get(page).getText());
        }
    }

    /** Presses Tab round the window (twice as many times as there are controls) and checks each visible one got the focus. */
    private static void assertEverythingReached(FxRobot robot, Scene scene, String where) {
        WaitForAsyncUtils.waitForFxEvents();
        List<Control> expected = Fx.call(() -> Accessibility.reachable(scene.getRoot()).stream().filter(AccessibilityTest::showing).toList());
        assertTrue(!expected.isEmpty(), where + ": controls to reach: " + expected);
        robot.interact(() -> expected.getFirst().requestFocus());
        Set<Node> reached = new LinkedHashSet<>();
        for (int i = 0; i < expected.size() * 2 + 4; i++) {
            Node focus = Fx.call(scene::getFocusOwner);
            reached.add(focus);
            if (focus instanceof TextArea) {
                robot.press(KeyCode.CONTROL, KeyCode.TAB).release(KeyCode.TAB, KeyCode.CONTROL);
            } else {
                robot.type(KeyCode.TAB);
            }
            WaitForAsyncUtils.waitForFxEvents();
        }
        List<String> missed = new ArrayList<>();
        for (Control c : expected) {
            if (reached.stream().noneMatch(r -> r == c || isInside(r, c))) {
                missed.add(c.getClass().getSimpleName() + (c.getId() == null ? "" : "#" + c.getId()));
            }
        }
        assertEquals(List.of(), missed, where + ": never reached by Tab");
    }

    /** Whether the control is on the page being shown (not on a hidden tab, not hidden itself). */
    private static boolean showing(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** A composite control (a combo box's editor, a spinner) takes focus in its own child. */
    private static boolean isInside(Node focus, Node control) {
        for (Node p = focus; p != null; p = p.getParent()) {
            if (p == control) {
                return true;
            }
        }
        return false;
    }
}
