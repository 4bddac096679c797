package org.watchtray.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.watchtray.app.testing.Await.eventually;
import static org.watchtray.app.testing.Await.quietly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.AppProcess;
import org.watchtray.app.testing.Await;
import org.watchtray.app.testing.DesktopSession;

/**
 * The in-app toasts, which take over when the notification server goes away, used with the real
 * mouse (TestFX's glass robot in the app's process, on Xvfb): after their buttons were clicked,
 * every window must still paint and work. This once froze the app: hiding the toasts' owner
 * window inside a toast's own hide left JavaFX holding its render lock, and from then on windows
 * were mapped but never painted.
 */
@Tag("xvfb")
class InAppToastTest {
    @TempDir
    Path tmp;

    @AfterEach
    void keepLogs(TestInfo test) throws IOException {
        Await.keepLogs(tmp, test);
    }

    private Map<String, String> appEnv() {
        return DesktopSession.appDirs(tmp);
    }

    /** The window shows and X has its pixels: drawn, not just mapped. */
    private static void painted(DesktopSession s, String title) throws InterruptedException {
        eventually(title + " shows", quietly(() -> !s.window(title).isEmpty()));
        eventually(title + " is painted", quietly(() -> s.colours(s.window(title)) > 100));
    }

    @Test
    void whenTheNotificationServerComesBackTheInAppToastsMoveToIt() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(true).withWatcher();
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            assertTrue(app.next(60).startsWith("ready StatusNotifierItem"));
            s.killDunst();
            app.ask("mount-ro /srv/data");
            eventually("an in-app toast", quietly(() -> app.ask("toasts").startsWith("Filesystem is now read-only")));
            assertEquals(List.of(), s.dunstSeen(), "the server was away");

            s.withDunst(true);
            eventually("the server shows the toast", quietly(() -> s.dunstSeen().stream()
                    .anyMatch(t -> "Filesystem is now read-only".equals(t.get("DUNST_SUMMARY")))));
            eventually("and the app's own is gone, not overlapping it", quietly(() -> app.ask("toasts").isEmpty()));
            assertEquals(1, s.dunstDisplayed());
        }
    }

    @Test
    void afterClickingTheInAppToastsButtonsEveryWindowStillPaintsAndWorks() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(true).withWatcher();
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            String ready = app.next(60);
            assertTrue(ready.startsWith("ready StatusNotifierItem"), ready);
            String item = ready.substring(ready.lastIndexOf(' ') + 1);
            s.killDunst();

            // The notification server is gone: the ticket's toast shows inside the app, with its buttons.
            app.ask("ticket-soon alice@EXAMPLE.ORG");
            eventually("an in-app toast", quietly(() -> app.ask("toasts").startsWith("Kerberos ticket expires")));

            // Renew, clicked with the mouse: the app renews, and the outcome replaces the toast.
            String clicked = app.ask("click-toast Renew");
            String other = app.next(30);
            assertEquals(Set.of("clicked Renew", "renewing alice@EXAMPLE.ORG"), Set.of(clicked, other));
            eventually("the failure replaces the toast", quietly(() -> app.ask("toasts").startsWith("Kerberos renewal failed")));
            assertEquals(1, app.ask("toasts").split("\\|").length, "replaced in place, not stacked");

            // Snooze takes the toast away.
            assertEquals("clicked Snooze 1 hour", app.ask("click-toast Snooze 1 hour"));
            eventually("the toast is gone", quietly(() -> app.ask("toasts").isEmpty()));

            // The timeline opens from the tray, paints, and a row clicked with the mouse is shown in the detail pane.
            s.run(List.of("gdbus", "call", "--address", s.busAddress(), "--dest", item, "--object-path", "/StatusNotifierItem",
                    "--method", "org.kde.StatusNotifierItem.Activate", "0", "0"));
            painted(s, "watchtray");
            eventually("the failed renewal is in the timeline", quietly(() -> app.ask("rows").contains("Renewing the Kerberos ticket")));
            String renewal = "Renewing the Kerberos ticket for alice@EXAMPLE.ORG failed: the KDC for EXAMPLE.ORG could not be reached";
            assertEquals("clicked watchtray|" + renewal, app.ask("click watchtray|" + renewal));
            eventually("the clicked row is selected", quietly(() -> app.ask("selected").equals(renewal)));
            eventually("and detailed", quietly(() -> app.ask("detail").equals(renewal)));

            // A toast while the timeline has the focus, then the timeline closed: the toast stays, nothing freezes.
            app.ask("mount-ro /srv/data");
            eventually("an in-app toast for the remount", quietly(() -> app.ask("toasts").startsWith("Filesystem is now read-only")));
            s.run(List.of("xdotool", "windowfocus", "--sync", s.window("watchtray"), "key", "ctrl+w"));
            eventually("the timeline is closed", quietly(() -> s.window("watchtray").isEmpty()));
            assertTrue(app.ask("toasts").startsWith("Filesystem is now read-only"), "the toast does not belong to the closed window");

            // Settings from the tray menu: painted, and a tab clicked with the mouse opens.
            s.run(List.of("gdbus", "call", "--address", s.busAddress(), "--dest", item, "--object-path", "/MenuBar",
                    "--method", "com.canonical.dbusmenu.Event", "40", "clicked", "<0>", "0"));
            painted(s, "watchtray settings");
            assertEquals("clicked watchtray settings|Monitoring", app.ask("click watchtray settings|Monitoring"));
            eventually("the clicked tab shows", quietly(() -> app.ask("tab watchtray settings").equals("Monitoring")));

            // The timeline again, still painting after all that.
            s.run(List.of("gdbus", "call", "--address", s.busAddress(), "--dest", item, "--object-path", "/StatusNotifierItem",
                    "--method", "org.kde.StatusNotifierItem.Activate", "0", "0"));
            painted(s, "watchtray");

            assertEquals("closing", app.ask("quit"));
            assertTrue(app.process().waitFor(20, TimeUnit.SECONDS), "the app quits");
            assertEquals(0, app.process().exitValue());
            String log = Files.readString(tmp.resolve("app.log"));
            assertFalse(log.contains("Exception"), log);
        }
    }
}
