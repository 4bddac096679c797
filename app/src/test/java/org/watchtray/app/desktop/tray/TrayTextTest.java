package org.watchtray.app.desktop.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.watchtray.app.testing.AppWindows;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.app.text.PseudoText;
import org.watchtray.core.event.Event;

/**
 * The tray's words (menu items, submenu, tooltip) come from the bundle: in the pseudo-locale
 * every label is pseudo-translated but for times; in German they read German; a right-to-left
 * language makes the D-Bus menu say "rtl".
 */
class TrayTextTest {
    private static List<String> labels(TrayMenu menu) {
        List<String> out = new ArrayList<>();
        for (TrayMenu.Item i : menu.items()) {
            out.add(i.label());
            i.children().forEach(c -> out.add(c.label()));
        }
        return out;
    }

    private static TrayModel busyModel() {
        TrayModel model = new TrayModel(5);
        // The sample events but for those whose words come from outside (a decoder's problem, a made-up status reason).
        List<Event> events = SampleEvents.everyFamily(AppWindows.T0).stream()
                .filter(e -> !(e instanceof org.watchtray.core.event.DecodeProblem) && !(e instanceof org.watchtray.core.event.LossEvent)
                        && !(e instanceof org.watchtray.core.event.SourceStatusEvent))
                .toList();
        model.accept(events);
        model.doNotDisturbUntil(AppWindows.T0.plusSeconds(3600));
        return model;
    }

    @Test
    void everyMenuLabelAndTheTooltipComeFromTheBundle() {
        Messages pseudo = Messages.pseudo(ZoneOffset.UTC);
        TrayModel model = busyModel();
        List<String> problems = new ArrayList<>();
        for (TrayState s : List.of(model.state(), withoutDisplay(model))) {
            List<String> texts = new ArrayList<>(labels(TrayMenu.of(s, new EventText(pseudo))));
            texts.add(s.tooltip(pseudo));
            for (String label : texts) {
                // A long summary is cut with "…" (a menu line stays short): close what the cut left open.
                String t = label;
                if (t.endsWith("\u2026")) {
                    long open = t.chars().filter(c -> c == '\u27e6').count() - t.chars().filter(c -> c == '\u27e7').count();
                    t = t.substring(0, t.length() - 1) + "\u27e7".repeat((int) Math.max(0, open));
                }
                if (!t.isEmpty() && PseudoText.unmarked(t).matches("(?s).*\\p{L}{2,}.*")) {
                    problems.add(t);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static TrayState withoutDisplay(TrayModel model) {
        model.windowsUnavailable(Messages.pseudo(ZoneOffset.UTC).text("tray.no_display"));
        return model.state();
    }

    @Test
    void germanMenu() {
        Messages de = Messages.of(Locale.GERMANY, ZoneOffset.UTC);
        TrayModel model = busyModel();
        List<String> labels = labels(TrayMenu.of(model.state(), new EventText(de)));
        assertTrue(labels.containsAll(List.of("Letzte Ereignisse", "Zeitleiste öffnen", "Nicht stören (bis 11:00)", "Für 1 Stunde",
                "Bis morgen 08:00", "Aus", "Einstellungen\u2026", "watchtray beenden")), labels.toString());
        assertEquals("7 Meldungen brauchen Aufmerksamkeit (2 kritisch)\nNicht stören bis 11:00", model.state().tooltip(de));
    }
}
