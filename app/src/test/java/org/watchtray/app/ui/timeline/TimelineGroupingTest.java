package org.watchtray.app.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.core.event.Event;
import org.watchtray.nativeaccess.testing.MutableClock;

/** The grouping box over a real SQLite history, as a user drives it: what the grouped table shows. */
@ExtendWith(ApplicationExtension.class)
class TimelineGroupingTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
            .withLocale(Messages.english(ZoneOffset.UTC).locale());

    @TempDir
    static Path dir;

    private final MutableClock clock = new MutableClock(T0.plus(Duration.ofMinutes(20)));
    private SqliteHistoryStore store;
    private TimelineViewModel model;

    @Start
    void start(Stage stage) {
        store = SqliteHistoryStore.open(dir.resolve("history-" + System.nanoTime() + ".db"), clock, e -> { });
        List<Event> events = new ArrayList<>(SampleEvents.everyFamily(T0));
        // Yesterday three USB errors on two ports, the day before two on one port.
        for (int i = 0; i < 3; i++) {
            events.add(SampleEvents.usbError(T0.minus(Duration.ofDays(1)).plusSeconds(i), i, 2));
        }
        for (int i = 0; i < 2; i++) {
            events.add(SampleEvents.usbError(T0.minus(Duration.ofDays(2)).plusSeconds(i), 0, 2));
        }
        store.append(events);
        model = new TimelineViewModel(clock, 10_000, () -> { }, ExportFolder.of(new org.watchtray.core.settings.Environment(
                java.util.Map.of(), dir)), new EventText(Messages.english(ZoneOffset.UTC)), StorePages.of(store));
        stage.setScene(new Scene(new TimelineTabs(model, new SourcesViewModel(List::of), clock), 1100, 700));
        org.watchtray.app.ui.Themes.paint(stage.getScene(), org.watchtray.app.ui.Palette.LIGHT);
        stage.show();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Each visible row of the grouped table as its cells' texts, top to bottom. */
    private static List<List<String>> groupRows(FxRobot robot) {
        List<List<String>> out = new ArrayList<>();
        robot.interact(() -> robot.lookup("#timeline-groups").query().applyCss());
        for (Node row : robot.lookup("#timeline-groups .table-row-cell").queryAll().stream()
                .filter(Node::isVisible)
                .sorted(java.util.Comparator.comparingDouble(n -> n.localToScene(0, 0).getY())).toList()) {
            List<String> cells = new ArrayList<>();
            for (Node c : row.lookupAll(".table-cell")) {
                if (c instanceof TableCell<?, ?> cell && cell.isVisible() && cell.getTableColumn().isVisible() && cell.getItem() != null) {
                    cells.add(cell.getText());
                }
            }
            if (!cells.isEmpty()) {
                out.add(cells);
            }
        }
        return out;
    }

    private static void eventually(FxRobot robot, java.util.function.Predicate<List<List<String>>> wanted, String what) {
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> wanted.test(groupRows(robot)));
        } catch (TimeoutException e) {
            assertTrue(wanted.test(groupRows(robot)), what + ": " + groupRows(robot));
        }
    }

    private static String day(int daysBefore) {
        return DAY.format(LocalDate.ofInstant(T0, ZoneOffset.UTC).minusDays(daysBefore));
    }

    private void choose(FxRobot robot, String item) {
        robot.clickOn("#filter-grouping");
        robot.clickOn(item);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void groupingByDayAndSourceThenObjectCountsTheHistoryAndNotGroupedShowsTheEventsAgain(FxRobot robot) {
        assertFalse(robot.lookup("#timeline-groups").tryQuery().map(javafx.scene.Node::isVisible).orElse(false), "not grouped at first");

        choose(robot, "By day and source");
        eventually(robot, rows -> rows.contains(List.of(day(1), "USB", "3", "Warning", rowsTime(robot, 1)))
                && rows.contains(List.of(day(2), "USB", "2", "Warning", rowsTime(robot, 2))), "yesterday's and the day before's USB errors");
        List<List<String>> bySource = groupRows(robot);
        assertEquals(day(0), bySource.getFirst().getFirst(), "the newest day first: " + bySource);
        assertTrue(robot.lookup("#timeline-groups").query().isVisible());
        assertFalse(robot.lookup("#timeline-table").query().isVisible(), "the groups stand in place of the events");

        choose(robot, "By day and object");
        eventually(robot, rows -> rows.stream().anyMatch(r -> r.subList(0, 3).equals(List.of(day(1), "1-0", "2")))
                && rows.stream().anyMatch(r -> r.subList(0, 3).equals(List.of(day(1), "1-1", "1")))
                && rows.stream().anyMatch(r -> r.subList(0, 3).equals(List.of(day(2), "1-0", "2"))), "per port");

        choose(robot, "By day");
        eventually(robot, rows -> rows.stream().anyMatch(r -> r.subList(0, 2).equals(List.of(day(1), "3")))
                && rows.stream().anyMatch(r -> r.subList(0, 2).equals(List.of(day(2), "2"))), "per day, no group column");

        // A filter applies to the groups: nothing critical happened on those two days.
        robot.clickOn("#filter-severity");
        robot.clickOn("Critical only");
        eventually(robot, rows -> !rows.isEmpty() && rows.stream().allMatch(r -> r.getFirst().equals(day(0))), "only today's critical events");

        choose(robot, "Not grouped");
        assertFalse(robot.lookup("#timeline-groups").query().isVisible());
        assertTrue(robot.lookup("#timeline-table").query().isVisible(), "the events again");
    }

    /** The "Latest" column of the USB group {@code daysBefore} days before T0: its last event, as the table writes times. */
    private String rowsTime(FxRobot robot, int daysBefore) {
        int n = daysBefore == 1 ? 3 : 2;
        return Messages.english(ZoneOffset.UTC).shortDateTime(T0.minus(Duration.ofDays(daysBefore)).plusSeconds(n - 1));
    }
}
