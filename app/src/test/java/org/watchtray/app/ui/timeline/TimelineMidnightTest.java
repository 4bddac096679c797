package org.watchtray.app.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.app.text.Messages;
import org.watchtray.nativeaccess.testing.MutableClock;

/**
 * Today's rows show their time alone: past midnight the same row shows its date too, without
 * anything else happening in the window (the table redraws once a day, on a delay: no animation
 * keeps the pulse awake meanwhile).
 */
@ExtendWith(ApplicationExtension.class)
class TimelineMidnightTest {
    /** Three seconds before midnight (UTC, the clock's zone) when the window opens. */
    private static final Instant OPENED = LocalDate.parse("2025-03-01").plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(3);
    private final MutableClock clock = new MutableClock(OPENED);
    private TimelineViewModel model;
    /** This test's window: another test's timeline may still be open in the same FX toolkit. */
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        model = new TimelineViewModel(clock, 100, () -> { });
        stage.setScene(new Scene(new TimelineTabs(model, new SourcesViewModel(List::of), clock), 1000, 700));
        org.watchtray.app.ui.Themes.paint(stage.getScene(), org.watchtray.app.ui.Palette.LIGHT);
        stage.show();
    }

    @Test
    void aRowOfTodayShowsItsDateOnceTheDayIsOver(FxRobot robot) throws Exception {
        Instant at = OPENED.minusSeconds(60);
        robot.interact(() -> model.accept(List.of(SampleEvents.usbError(at, 1, 1))));
        Messages m = Messages.english(ZoneOffset.UTC);
        waitFor(m.time(at), robot);

        clock.advance(Duration.ofSeconds(5));   // past midnight; nothing else changes in the window
        waitFor(m.shortDateTime(at), robot);
    }

    private void waitFor(String text, FxRobot robot) throws TimeoutException {
        new TimeCells(stage).waitFor(text, robot);
    }
}
