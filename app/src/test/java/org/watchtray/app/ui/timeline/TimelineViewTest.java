package org.watchtray.app.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.watchtray.nativeaccess.testing.MutableClock;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.source.SourceStatus;

/** The timeline window as a user drives it, on JavaFX's Headless platform. */
@ExtendWith(ApplicationExtension.class)
class TimelineViewTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0.plus(Duration.ofMinutes(20)));
    private final AtomicInteger historyMarkedRead = new AtomicInteger();
    private final List<SourceStatus> backendStatuses = new CopyOnWriteArrayList<>(List.of(
            SourceStatus.active(SourceId.KEYS, "kernel notification queue (watch_queue)"),
            SourceStatus.active(SourceId.MOUNTS, "fanotify mount events"),
            SourceStatus.active(SourceId.THINPOOL, "watchtray agent: device-mapper events")));
    private TimelineViewModel model;
    private SourcesViewModel sources;

    @Start
    void start(Stage stage) {
        model = new TimelineViewModel(clock, 10_000, historyMarkedRead::incrementAndGet);
        sources = new SourcesViewModel(() -> backendStatuses);
        stage.setScene(new Scene(new TimelineTabs(model, sources, clock), 1000, 700));
        org.watchtray.app.ui.Themes.paint(stage.getScene(), org.watchtray.app.ui.Palette.LIGHT);
        stage.show();
    }

    private void feed(FxRobot robot, List<Event> batch) {
        robot.interact(() -> {
            model.accept(batch);
            sources.accept(batch);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits (up to 5 s) until what the user would see settles into {@code expected}. */
    private static <T> void eventually(T expected, java.util.function.Supplier<T> seen) {
        try {
            WaitForAsyncUtils.waitFor(5, java.util.concurrent.TimeUnit.SECONDS, () -> expected.equals(seen.get()));
        } catch (java.util.concurrent.TimeoutException e) {
            assertEquals(expected, seen.get());
        }
    }

    private static void eventually(java.util.function.BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(5, java.util.concurrent.TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (java.util.concurrent.TimeoutException e) {
            assertTrue(condition.getAsBoolean(), what);
        }
    }

    private static boolean anyText(Node node, java.util.function.Predicate<String> wanted) {
        if (node instanceof javafx.scene.text.Text t && t.getText() != null && wanted.test(t.getText())) {
            return true;
        }
        return node instanceof javafx.scene.Parent p && p.getChildrenUnmodifiable().stream().anyMatch(c -> anyText(c, wanted));
    }

    /** The texts of one column's visible cells, top to bottom. */
    private static List<String> column(FxRobot robot, int index) {
        List<String> out = new ArrayList<>();
        for (Node row : robot.lookup("#timeline-table .table-row-cell").queryAll().stream()
                .sorted(java.util.Comparator.comparingDouble(n -> n.localToScene(0, 0).getY())).toList()) {
            List<Node> cells = row.lookupAll(".table-cell").stream().toList();
            if (cells.size() > index && cells.get(index) instanceof TableCell<?, ?> c && c.getItem() != null) {
                String text = c.getText();
                if (text == null && c.getGraphic() != null) {
                    text = c.getGraphic().lookupAll(".label").stream().map(l -> ((Label) l).getText())
                            .filter(t -> t != null && !t.isEmpty()).reduce((a, b) -> a + " " + b).orElse("");
                }
                out.add(text);
            }
        }
        return out;
    }

    @Test
    void typingInTheSearchBoxAndTogglingASourceNarrowTheTable(FxRobot robot) {
        feed(robot, SampleEvents.everyFamily(T0));
        assertEquals(14, column(robot, 3).size());
        robot.clickOn("#filter-text").write("example.org");
        eventually(3, () -> column(robot, 3).size());   // two tickets and the loss marker, which is never hidden
        List<String> summaries = column(robot, 3);
        assertTrue(summaries.stream().anyMatch(s -> s.contains("alice@EXAMPLE.ORG")), summaries.toString());
        robot.doubleClickOn("#filter-text").eraseText(20);
        robot.clickOn("#filter-source-usb");
        eventually(List.of("watchtray", "USB", "USB"), () -> column(robot, 1));
        robot.clickOn("#filter-source-mounts");
        eventually(List.of("watchtray", "USB", "USB", "Mounts", "Mounts"), () -> column(robot, 1));
    }

    @Test
    void choosingASeverityShowsOnlyThatAndWorse(FxRobot robot) {
        feed(robot, SampleEvents.everyFamily(T0));
        robot.clickOn("#filter-severity").clickOn("Critical only");
        eventually(List.of("Warning", "Critical", "Critical"), () -> column(robot, 2));   // the loss marker and the two critical events
    }

    @Test
    void repeatsShowTheirCountAndLossMarkersSayEventsWereLost(FxRobot robot) {
        List<Event> burst = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            burst.add(new UsbEvent(T0.plusSeconds(i * 27L), UsbEvent.Change.RESET, "3-1", "Dock", "", 0, 1, 0));
        }
        burst.add(new org.watchtray.core.event.LossEvent(T0.plusSeconds(400), SourceId.META, 1234, "the window could not keep up"));
        feed(robot, burst);
        eventually(List.of("Events were lost here \u2014 1,234 events were lost (the window could not keep up)",
                "USB 3-1 (Dock) was reset \u00d712 in 5 min"), () -> column(robot, 3));
    }

    @Test
    void clickingARowFillsTheDetailPaneWithEveryFieldAndTheRawBytes(FxRobot robot) {
        feed(robot, SampleEvents.everyFamily(T0));
        robot.clickOn("Keyring \u201c_ses\u201d (123456789) gained a link: key 100000 linked");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Keyring \u201c_ses\u201d (123456789) gained a link: key 100000 linked",
                robot.lookup("#detail-title").queryAs(Label.class).getText());
        List<String> fields = robot.lookup("#detail-fields .detail-key").queryAllAs(Label.class).stream().map(Label::getText).toList();
        assertEquals(List.of("Time", "Source", "Event", "Severity", "Object", "Serial", "Type", "Description", "Other key", "Seen through"), fields);
        assertTrue(robot.lookup("#detail-fields .detail-value").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().equals("notification_queue")), "the mechanism it came through");
        assertEquals("0000  01 00 00 02 10 00 00 00  |........|\n0008  15 cd 5b 07 a0 86 01 00  |..[.....|\n",
                robot.lookup("#detail-raw").queryAs(TextArea.class).getText());
    }

    @Test
    void aClickedRowStaysSelectedAndDetailedWhileRowsArriveAboveAndMergeIntoIt(FxRobot robot) {
        UsbEvent reset = new UsbEvent(T0, UsbEvent.Change.RESET, "1-4", "", "", 0, 1, 0);
        feed(robot, List.of(reset, new UsbEvent(T0.plusSeconds(5), UsbEvent.Change.RESET, "2-1", "", "", 0, 1, 0)));
        robot.clickOn("USB 1-4 was reset");
        WaitForAsyncUtils.waitForFxEvents();
        var table = robot.lookup("#timeline-table").queryAs(javafx.scene.control.TableView.class);
        for (int i = 0; i < 5; i++) {
            feed(robot, List.of(new UsbEvent(T0.plusSeconds(10 + i), UsbEvent.Change.RESET, "3-" + i, "", "", 0, 1, 0)));
        }
        assertEquals(reset, ((TimelineRow) table.getSelectionModel().getSelectedItem()).event(), "rows above do not move the selection");
        // A late repeat of the selected event lands next to it and folds into it: still the same row, now ×2.
        feed(robot, List.of(new UsbEvent(T0.minusSeconds(2), UsbEvent.Change.RESET, "1-4", "", "", 0, 1, 0)));
        TimelineRow now = (TimelineRow) table.getSelectionModel().getSelectedItem();
        assertEquals("1-4", now.event().subject());
        assertEquals(2, now.count());
        assertEquals("USB 1-4 was reset", robot.lookup("#detail-title").queryAs(Label.class).getText(), "the detail stays on its event");
    }

    @Test
    void markAllReadClearsTheUnreadCountThatTheTrayFollows(FxRobot robot) {
        feed(robot, SampleEvents.everyFamily(T0));
        assertEquals("14 unread \u00b7 worst: Critical", robot.lookup("#unread-label").queryAs(Label.class).getText());
        robot.clickOn("#mark-all-read");
        eventually("All read", () -> robot.lookup("#unread-label").queryAs(Label.class).getText());
        assertEquals(0, model.unreadCount().get());
        assertNull(model.worstUnreadSeverity().get());
        assertEquals(1, historyMarkedRead.get(), "the history is told too");
        assertTrue(robot.lookup("#mark-all-read").query().isDisabled(), "nothing left to mark");
        eventually(() -> robot.lookup("#timeline-table .table-row-cell").queryAll().stream()
                .noneMatch(n -> n.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("unread"))),
                "no row is drawn bold any more");
    }

    @Test
    void theSourcesViewFollowsStatusEventsLive(FxRobot robot) {
        robot.clickOn("Sources");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(3, robot.lookup("#sources-table .table-row-cell").queryAll().stream()
                .filter(n -> ((javafx.scene.control.TableRow<?>) n).getItem() != null).count());
        feed(robot, List.of(new SourceStatusEvent(clock.instant(),
                SourceStatus.unavailable(SourceId.THINPOOL, "the watchtray agent went away (connection reset)"))));
        eventually(() -> robot.lookup(".state-badge").queryAllAs(Label.class).stream().anyMatch(l -> l.getText().equals("not running")),
                "the agent going away shows");
        eventually(() -> anyText(robot.lookup("#sources-table").query(), t -> t.contains("connection reset")), "and why");
        feed(robot, List.of(new SourceStatusEvent(clock.instant(),
                SourceStatus.active(SourceId.THINPOOL, "watchtray agent: device-mapper events"))));
        eventually(() -> robot.lookup(".state-badge").queryAllAs(Label.class).stream().allMatch(l -> l.getText().equals("active")),
                "and coming back");
        assertEquals(Set.of(SourceId.KEYS, SourceId.MOUNTS, SourceId.THINPOOL),
                sources.rows().stream().map(r -> r.status().source()).collect(java.util.stream.Collectors.toSet()));
    }
}
