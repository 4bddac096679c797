package org.watchtray.app.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.TableCell;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The time column as the user reads it, in one test's own window (another test's timeline may still be open in the same toolkit). */
final class TimeCells {
    private final Stage stage;

    TimeCells(Stage stage) {
        this.stage = stage;
    }

    /** Waits until the first row's time reads {@code text}; fails showing what it reads instead. */
    void waitFor(String text, FxRobot robot) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text.equals(first(robot)));
        } catch (TimeoutException e) {
            assertEquals(text, first(robot));
        }
    }

    String first(FxRobot robot) {
        return robot.from(stage.getScene().getRoot()).lookup(".time-cell").queryAll().stream().map(n -> ((TableCell<?, ?>) n).getText())
                .filter(t -> t != null && !t.isBlank()).findFirst().orElse("(none)");
    }
}
