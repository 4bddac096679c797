package org.watchtray.app.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.core.testing.TimedatectlLink;
import org.watchtray.core.time.SystemZone;
import org.watchtray.core.time.ZoneWatch;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * The system's time zone changes while the timeline is open ({@code timedatectl set-timezone}:
 * a new localtime link renamed over the old one, seen by the real inotify watch): the rows show
 * their times in the new zone at once, without the window being opened again.
 */
@ExtendWith(ApplicationExtension.class)
class TimelineZoneChangeTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** An event of an earlier day: its cell shows date and time (13:00 in Berlin, 07:00 in New York). */
    private static final Instant AT = Instant.parse("2025-03-01T12:00:00Z");

    @TempDir
    static Path etc;
    private SystemZone zone;
    private ZoneWatch watch;
    private TimelineViewModel model;
    private Stage stage;

    @Start
    void start(Stage stage) throws IOException {
        this.stage = stage;
        setTimezone(BERLIN);
        // The JVM's default stays as it is (other tests share this JVM); the window reads the zone from here.
        zone = TimedatectlLink.following(etc, BERLIN);
        watch = ZoneWatch.start(NativeAccess.linux().libc(), zone);
        // As the window process makes them: the model's and the view's words in the zone as it changes.
        EventText words = new EventText(Messages.english(zone::current));
        model = new TimelineViewModel(zone.clock(), 100, () -> { }, ExportFolder.of(new org.watchtray.core.settings.Environment(java.util.Map.of(), etc)),
                words, null);
        stage.setScene(new Scene(new TimelineTabs(model, new SourcesViewModel(List::of), zone.clock(), words, zone), 1000, 700));
        org.watchtray.app.ui.Themes.paint(stage.getScene(), org.watchtray.app.ui.Palette.LIGHT);
        stage.show();
    }

    @AfterEach
    void stopWatching() {
        watch.close();
    }

    private static void setTimezone(ZoneId to) throws IOException {
        TimedatectlLink.set(etc, to);
    }

    @Test
    void anOpenTimelineShowsTheNewZonesTimeOnceTheZoneChanges(FxRobot robot) throws Exception {
        robot.interact(() -> model.accept(List.of(SampleEvents.usbError(AT, 1, 1))));
        String berlin = Messages.english(BERLIN).shortDateTime(AT);
        String newYork = Messages.english(NEW_YORK).shortDateTime(AT);
        assertNotEquals(berlin, newYork);
        waitFor(berlin, robot);

        robot.interact(() -> model.select(model.rows().get(0)));
        assertEquals(Messages.english(BERLIN).dateTime(AT), detailTime(robot));

        setTimezone(NEW_YORK);   // nothing else happens in the window
        waitFor(newYork, robot);
        assertEquals(NEW_YORK, zone.current());
        assertEquals(Messages.english(NEW_YORK).dateTime(AT), detailTime(robot), "the detail pane's time too");
    }

    /** The detail pane's "Time" as shown, without the UTC instant after it. */
    private String detailTime(FxRobot robot) {
        List<javafx.scene.Node> fields = robot.from(stage.getScene().getRoot()).lookup("#detail-fields")
                .queryAs(javafx.scene.layout.GridPane.class).getChildrenUnmodifiable();
        String key = Messages.english(BERLIN).text("detail.time");
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if (key.equals(((javafx.scene.control.Label) fields.get(i)).getText())) {
                String value = ((javafx.scene.control.Label) fields.get(i + 1)).getText();
                return value.substring(0, value.indexOf("  ("));
            }
        }
        return "(no time field)";
    }

    private void waitFor(String text, FxRobot robot) throws TimeoutException {
        new TimeCells(stage).waitFor(text, robot);
    }
}
