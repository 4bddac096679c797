package org.watchtray.app.desktop.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.watchtray.app.testing.Events.T0;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.app.testing.Events;
import org.watchtray.icons.Icons;

class TrayModelTest {
    private static final org.watchtray.app.text.Messages M = org.watchtray.app.text.Messages.english(ZoneOffset.UTC);
    private final TrayModel model = new TrayModel(3);
    private final List<TrayState> seen = new ArrayList<>();

    TrayModelTest() {
        model.listen(seen::add);
    }

    @Test
    void theIconShowsTheWorstUnacknowledgedStateAndTheTooltipCountsObjects() {
        assertEquals(Icons.State.NORMAL, model.state().icon());
        assertEquals("No alerts", model.state().headline(M));
        model.accept(List.of(Events.usbAdded("1-1", T0)));
        assertEquals(Icons.State.NORMAL, model.state().icon(), "info events need no attention");

        model.accept(List.of(Events.poolAt("p", 85, 85, T0), Events.poolAt("p", 90, 90, T0)));
        assertEquals(Icons.State.WARNING, model.state().icon());
        assertEquals("1 alert needs attention", model.state().headline(M), "one object, however many events");

        model.accept(List.of(Events.remountedReadOnly("/home", T0)));
        assertEquals(Icons.State.CRITICAL, model.state().icon());
        assertEquals("2 alerts need attention (1 critical)", model.state().headline(M));
        assertEquals("NeedsAttention", model.state().sniStatus());

        model.accept(List.of(Events.remountedReadWrite("/home", T0)));
        assertEquals(Icons.State.WARNING, model.state().icon(), "a resolved problem stops counting");

        model.acknowledge();
        assertEquals(Icons.State.NORMAL, model.state().icon());
        assertEquals("Active", model.state().sniStatus());
    }

    @Test
    void doNotDisturbShowsPausedAndItsEnd() {
        model.accept(List.of(Events.remountedReadOnly("/home", T0)));
        model.doNotDisturbUntil(Events.T0.plus(Duration.ofMinutes(90)));
        assertEquals(Icons.State.PAUSED, model.state().icon());
        assertEquals("Active", model.state().sniStatus(), "no attention blinking while the user asked for quiet");
        assertEquals("1 alert needs attention (1 critical)\nDo not disturb until " + M.shortTime(Events.T0.plus(Duration.ofMinutes(90))), model.state().tooltip(M));
        model.doNotDisturbUntil(null);
        assertEquals(Icons.State.CRITICAL, model.state().icon());
    }

    @Test
    void theMenuListsTheLastFewEventsNewestFirstAndListenersHearOnlyChanges() {
        for (int i = 0; i < 5; i++) {
            model.accept(List.of(Events.usbAdded("1-" + i, T0.plusSeconds(60L * i))));
        }
        List<String> labels = TrayMenu.of(model.state(), ZoneOffset.UTC).items().stream().map(TrayMenu.Item::label).toList();
        assertEquals(List.of("Recent events", "10:04  USB 1-4 (Keyboard) connected", "10:03  USB 1-3 (Keyboard) connected",
                "10:02  USB 1-2 (Keyboard) connected", "", "Open timeline", "Do not disturb", "Settings\u2026", "", "Quit watchtray"), labels);
        int before = seen.size();
        model.acknowledge();
        assertEquals(before, seen.size(), "nothing to acknowledge, nothing to redraw");
        assertTrue(seen.getLast().revision() > seen.getFirst().revision());
    }

    @Test
    void sourceStatusNoticesAreNotAlerts() {
        model.accept(List.of(new org.watchtray.core.event.SourceStatusEvent(T0, org.watchtray.core.source.SourceStatus.unavailable(
                        org.watchtray.core.event.SourceId.THINPOOL, "the watchtray agent is not installed")),
                new org.watchtray.core.event.SourceStatusEvent(T0, org.watchtray.core.source.SourceStatus.unavailable(
                        org.watchtray.core.event.SourceId.USB, "the watchtray agent is not installed"))));
        assertEquals("No alerts", model.state().headline(M), "a missing optional agent needs no attention");
        assertEquals(Icons.State.NORMAL, model.state().icon());
        model.accept(List.of(Events.remountedReadOnly("/home", T0)));
        assertEquals("1 alert needs attention (1 critical)", model.state().headline(M));
    }

    @Test
    void withoutADisplayTheMenuSaysWhyThereIsNoTimelineAndHowToSeeEvents() {
        model.accept(List.of(Events.remountedReadOnly("/home", T0)));
        model.windowsUnavailable("no display (DISPLAY is not set)");
        TrayMenu menu = TrayMenu.of(model.state(), ZoneOffset.UTC);
        List<String> labels = menu.items().stream().map(TrayMenu.Item::label).toList();
        assertEquals(List.of("Recent events", "10:00  \u201c/home\u201d (ext4 /dev/sdb1) was remounted read-only", "",
                "Timeline unavailable: no display (DISPLAY is not set)", "For events, run: watchtray history", "Do not disturb",
                "Settings (needs a display)", "", "Quit watchtray"), labels);
        assertTrue(menu.items().stream().filter(i -> i.label().startsWith("Timeline") || i.label().startsWith("For events")
                || i.label().startsWith("Settings") || i.label().startsWith("10:00")).noneMatch(TrayMenu.Item::enabled),
                "nothing that would silently do nothing can be clicked");
    }

    @Test
    void longOrHostileSummariesStayOneShortMenuLine() {
        String hostile = "x".repeat(100);
        model.accept(List.of(Events.remountedReadOnly("/media/" + hostile + "\n_y", T0)));
        TrayMenu.Item item = TrayMenu.of(model.state(), ZoneOffset.UTC).find(TrayMenu.RECENT_FIRST).orElseThrow();
        assertEquals(60 + 7, item.label().length(), item.label());
        assertTrue(item.label().endsWith("\u2026"));
        assertEquals("a__b", SniMenu.mnemonicSafe("a_b"), "a literal underscore is not a mnemonic");
    }
}
