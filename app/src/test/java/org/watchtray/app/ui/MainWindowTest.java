package org.watchtray.app.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.watchtray.app.ui.timeline.SourcesViewModel;
import org.watchtray.app.ui.timeline.TimelineTabs;
import org.watchtray.app.ui.timeline.TimelineViewModel;

/** The main window closes (hides) on Esc as on Ctrl+W; the app stays in the tray. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        Clock clock = Clock.systemUTC();
        window = new MainWindow(new TimelineTabs(new TimelineViewModel(clock, 100, () -> { }), new SourcesViewModel(List::of), clock),
                () -> { }, () -> { }, new Themes(PaletteSource.fixed(Palette.LIGHT)));
    }

    @Test
    void escClosesTheWindow(FxRobot robot) {
        robot.interact(() -> window.show(null));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.stage().isShowing());
        robot.clickOn(window.tabs().timeline().tableView());
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(window.stage().isShowing(), "Esc hides the window");

        robot.interact(() -> window.show(null));
        robot.clickOn(window.tabs().timeline().tableView());
        robot.press(KeyCode.CONTROL).type(KeyCode.W).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(window.stage().isShowing(), "and Ctrl+W still does");
    }
}
