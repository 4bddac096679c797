package org.watchtray.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.watchtray.app.testing.Await.eventually;
import static org.watchtray.app.testing.Await.quietly;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.AppProcess;
import org.watchtray.app.testing.Await;
import org.watchtray.app.testing.DesktopSession;

/**
 * The whole app in its own process on a private desktop: Xvfb, a session bus, dunst and a
 * StatusNotifierWatcher (or, for the fallbacks, without them). The test plays the user: it
 * clicks the tray menu over dbusmenu, presses toast buttons in dunst, looks at X windows and
 * saves screenshots to {@code target/screenshots}.
 */
@Tag("xvfb")
class DesktopSessionTest {
    private static final Path SHOTS = Path.of("target/screenshots");

    @TempDir
    Path tmp;

    @AfterEach
    void keepLogs(TestInfo test) throws IOException {
        Await.keepLogs(tmp, test);
    }

    private static String gdbus(DesktopSession s, String dest, String path, String method, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("gdbus", "call", "--address", s.busAddress(), "--dest", dest,
                "--object-path", path, "--method", method, "--"));
        cmd.addAll(List.of(args));
        return s.run(cmd);
    }

    private static String visibleWindow(DesktopSession s, String title) throws Exception {
        return s.visibleWindow("^" + title + "$").orElse("");
    }

    private static void screenshot(DesktopSession s, String window, String name) throws Exception {
        Files.createDirectories(SHOTS);
        s.run(List.of("import", "-window", window, SHOTS.resolve(name).toString()));
    }

    private Map<String, String> appEnv() {
        return DesktopSession.appDirs(tmp);
    }

    @Test
    void trayToastsWindowsAndSettingsInARealSession() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(true).withWatcher();
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            String ready = app.next(60);
            long pid = app.process().pid();
            assertEquals("ready StatusNotifierItem org.kde.StatusNotifierItem-" + pid + "-1", ready);
            String item = "org.kde.StatusNotifierItem-" + pid + "-1";
            assertTrue(gdbus(s, "org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher", "org.freedesktop.DBus.Properties.Get",
                    "org.kde.StatusNotifierWatcher", "RegisteredStatusNotifierItems").contains(item));
            assertEquals("(no fx)", app.ask("windows"), "an app left in the tray has not started JavaFX");

            // A critical event: a toast with urgency critical, and the tray turns red.
            assertEquals("published mounts.remounted_ro", app.ask("mount-ro /srv/data"));
            eventually("a toast for the read-only remount", quietly(() -> s.dunstSeen().size() == 1));
            Map<String, String> toast = s.dunstSeen().getFirst();
            assertEquals("Filesystem is now read-only", toast.get("DUNST_SUMMARY"));
            assertEquals("CRITICAL", toast.get("DUNST_URGENCY"));
            eventually("the tray needs attention", quietly(() -> gdbus(s, item, "/StatusNotifierItem",
                    "org.freedesktop.DBus.Properties.Get", "org.kde.StatusNotifierItem", "Status").contains("NeedsAttention")));

            // Clicking the toast opens the timeline at that event; having looked, the tray calms down.
            s.pressInDunstMenu("[" + toast.get("DUNST_ID") + ",default]");
            eventually("the main window shows", quietly(() -> !visibleWindow(s, "watchtray").isEmpty()));
            eventually("the event is selected", quietly(() -> app.ask("selected").contains("/srv/data")));
            eventually("the tray is back to normal", quietly(() -> gdbus(s, item, "/StatusNotifierItem",
                    "org.freedesktop.DBus.Properties.Get", "org.kde.StatusNotifierItem", "Status").contains("'Active'")));
            Thread.sleep(1500);   // let the window paint before the X server is asked for its pixels
            screenshot(s, visibleWindow(s, "watchtray"), "timeline-window.png");
            assertNotEquals("stopped", app.ask("pulse"), "ticking or paused while a window shows");

            // Ctrl+W closes the window; the app stays, and JavaFX stops waking 60 times a second.
            s.run(List.of("xdotool", "windowfocus", "--sync", visibleWindow(s, "watchtray"), "key", "ctrl+w"));
            eventually("the window is closed", quietly(() -> visibleWindow(s, "watchtray").isEmpty()));
            eventually("the pulse timer stops", quietly(() -> app.ask("pulse").equals("stopped")));
            assertTrue(app.process().isAlive());

            // A click on the tray icon (Activate) brings the timeline back.
            gdbus(s, item, "/StatusNotifierItem", "org.kde.StatusNotifierItem.Activate", "0", "0");
            eventually("Activate opens the timeline", quietly(() -> !visibleWindow(s, "watchtray").isEmpty()));
            assertNotEquals("stopped", app.ask("pulse"), "ticking or paused while a window shows");

            // A second start hands over to this one and exits.
            try (AppProcess second = AppProcess.start(s, appEnv(), "second")) {
                assertEquals("another instance", second.next(60));
                assertTrue(second.process().waitFor(20, TimeUnit.SECONDS));
                assertEquals(0, second.process().exitValue());
            }

            // Settings from the tray menu; screenshots of each tab.
            gdbus(s, item, "/MenuBar", "com.canonical.dbusmenu.Event", "40", "clicked", "<0>", "0");
            eventually("the settings dialog shows", quietly(() -> !visibleWindow(s, "watchtray settings").isEmpty()));
            assertNotEquals("stopped", app.ask("pulse"), "ticking or paused while a window shows");
            String settingsWindow = visibleWindow(s, "watchtray settings");
            String[] tabs = {"alerts", "monitoring", "general"};
            for (int i = 0; i < tabs.length; i++) {
                assertEquals("ok", app.ask("settings-tab " + i));
                Thread.sleep(1000);
                screenshot(s, settingsWindow, "settings-" + tabs[i] + ".png");
            }

            // Renew: the app calls its renewer; the failure replaces the toast in place.
            app.ask("ticket-soon alice@EXAMPLE.ORG");
            eventually("the expiry toast", quietly(() -> s.dunstSeen().size() == 2));
            String ticketId = s.dunstSeen().get(1).get("DUNST_ID");
            s.pressInDunstMenu("[" + ticketId + ",renew]");
            assertEquals("renewing alice@EXAMPLE.ORG", app.next(15));
            eventually("the failure replaces the toast", quietly(() -> s.dunstSeen().size() == 3));
            assertEquals("Kerberos renewal failed", s.dunstSeen().get(2).get("DUNST_SUMMARY"));
            assertEquals(ticketId, s.dunstSeen().get(2).get("DUNST_ID"));
            // watchtray's own words name the ticket and carry the renewer's reason to the user.
            assertEquals("Renewing the Kerberos ticket for alice@EXAMPLE.ORG failed: the KDC for EXAMPLE.ORG could not be reached",
                    s.dunstSeen().get(2).get("DUNST_BODY"));

            // A pool toast is replaced as it fills and withdrawn when there is room again.
            app.ask("pool 85");
            app.ask("pool 90");
            eventually("two pool toasts, one id", quietly(() -> s.dunstSeen().size() == 5));
            assertEquals(s.dunstSeen().get(3).get("DUNST_ID"), s.dunstSeen().get(4).get("DUNST_ID"));
            String displayedBefore = s.run(List.of("dunstctl", "count", "displayed")).strip();
            app.ask("pool-resolved");
            eventually("the pool toast is withdrawn", quietly(() ->
                    Integer.parseInt(s.run(List.of("dunstctl", "count", "displayed")).strip()) == Integer.parseInt(displayedBefore) - 1));

            // Mute from a toast turns the source's toasts off in the saved settings.
            app.ask("usb-error 1-1.4");
            eventually("a USB toast", quietly(() -> s.dunstSeen().size() == 6));
            s.pressInDunstMenu("[" + s.dunstSeen().get(5).get("DUNST_ID") + ",mute]");
            Path settingsFile = tmp.resolve("config/watchtray/settings.json");
            eventually("muted in the settings file", quietly(() -> !new ObjectMapper().readTree(settingsFile.toFile())
                    .get("sources").get("usb").get("toasts").booleanValue()));
            app.ask("usb-error 2-1");
            // Barrier: a ticket warning published after the muted USB error must be the next toast.
            app.ask("ticket-soon bob@EXAMPLE.ORG");
            eventually("the ticket warning after the muted USB error", quietly(() -> s.dunstSeen().size() >= 7));
            assertEquals(7, s.dunstSeen().size(), "no more USB toasts: " + s.dunstSeen());
            assertTrue(s.dunstSeen().get(6).get("DUNST_BODY").contains("bob@EXAMPLE.ORG"), s.dunstSeen().get(6).toString());

            // Quit from the tray menu: the process ends and gives up its names.
            gdbus(s, item, "/MenuBar", "com.canonical.dbusmenu.Event", "50", "clicked", "<0>", "0");
            assertTrue(app.process().waitFor(20, TimeUnit.SECONDS), "the app quits");
            assertEquals(0, app.process().exitValue());
            assertFalse(s.run(List.of("gdbus", "call", "--address", s.busAddress(), "--dest", "org.freedesktop.DBus",
                    "--object-path", "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.ListNames")).contains("org.watchtray.Watchtray"));
        }
    }

    @Test
    void quittingTakesTheAppsToastsOffTheScreen() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(true).withWatcher();
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            String ready = app.next(60);
            String item = ready.substring(ready.lastIndexOf(' ') + 1);
            app.ask("mount-ro /srv/data");
            app.ask("ticket-soon alice@EXAMPLE.ORG");
            eventually("two toasts, one critical that stays until dealt with", quietly(() -> s.dunstDisplayed() == 2));

            gdbus(s, item, "/MenuBar", "com.canonical.dbusmenu.Event", "50", "clicked", "<0>", "0");
            assertTrue(app.process().waitFor(20, TimeUnit.SECONDS), "the app quits");
            assertEquals(0, s.dunstDisplayed(), "no toast with a Renew button nobody answers any more");
        }
    }

    @Test
    void aTicketThatExpiredBeforeTheAppStartedIsNotToastedAgainAtTheNextStart() throws Exception {
        String expired = "ticket-expired alice@EXAMPLE.ORG 2025-06-02T08:00:00Z";
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(true).withWatcher()) {
            try (AppProcess first = AppProcess.start(s, appEnv(), "first")) {
                assertTrue(first.next(60).startsWith("ready"));
                first.ask(expired);
                eventually("said once", quietly(() -> s.dunstSeen().size() == 1));
                assertEquals("Kerberos ticket expired", s.dunstSeen().getFirst().get("DUNST_SUMMARY"));
                assertEquals("closing", first.ask("quit"));
                assertTrue(first.process().waitFor(20, TimeUnit.SECONDS));
            }
            try (AppProcess second = AppProcess.start(s, appEnv(), "second")) {
                assertTrue(second.next(60).startsWith("ready"));
                second.ask(expired);                  // the source derives it again at this start
                second.ask("mount-ro /srv/barrier");  // barrier: a later toast
                eventually("the barrier's toast", quietly(() -> s.dunstSeen().size() >= 2));
                assertEquals(List.of("Kerberos ticket expired", "Filesystem is now read-only"),
                        s.dunstSeen().stream().map(t -> t.get("DUNST_SUMMARY")).toList(), "the history knew it was said");
            }
        }
    }

    @Test
    void withoutADisplayTheTrayMenuSaysWhyThereIsNoTimelineAndHowToSeeEvents() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withWatcher();
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            String ready = app.next(60);
            String item = ready.substring(ready.lastIndexOf(' ') + 1);
            String layout = gdbus(s, item, "/MenuBar", "com.canonical.dbusmenu.GetLayout", "0", "-1", "[]");
            assertTrue(layout.contains("'Timeline unavailable: no display (DISPLAY is not set)'"), layout);
            assertTrue(layout.contains("'For events, run: watchtray history'"), layout);
            assertFalse(layout.contains("'Open timeline'"), layout);
        }
    }

    @Test
    void aHistoryThatCannotBeWrittenIsToastedAndListedInTheSourcesTab() throws Exception {
        Process probe = new ProcessBuilder("unshare", "-m", "true").redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "unshare -m is refused here (needs CAP_SYS_ADMIN)");
        Path state = Files.createDirectories(tmp.resolve("state/watchtray"));
        // Root ignores mode bits; a read-only bind mount in the app's own mount namespace is refused even to root.
        String readOnly = "mount --bind '" + state + "' '" + state + "' && mount -o remount,bind,ro '" + state + "'";
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(true).withWatcher();
             AppProcess app = AppProcess.startInMountNamespace(s, appEnv(), "app", readOnly)) {
            String ready = app.next(60);
            assertTrue(ready.startsWith("ready StatusNotifierItem"), ready);
            String item = ready.substring(ready.lastIndexOf(' ') + 1);

            eventually("a toast says the history is not saved", quietly(() -> s.dunstSeen().stream()
                    .anyMatch(t -> "The history is not being saved".equals(t.get("DUNST_SUMMARY")))));
            Map<String, String> toast = s.dunstSeen().stream()
                    .filter(t -> "The history is not being saved".equals(t.get("DUNST_SUMMARY"))).findFirst().orElseThrow();
            assertTrue(toast.get("DUNST_BODY").contains("cannot open " + state.resolve("history.db")), toast.get("DUNST_BODY"));
            assertTrue(toast.get("DUNST_BODY").contains("kept in memory until watchtray exits"), toast.get("DUNST_BODY"));

            gdbus(s, item, "/StatusNotifierItem", "org.kde.StatusNotifierItem.Activate", "0", "0");
            eventually("the Sources tab lists the history and its state", quietly(() ->
                    app.ask("sources").contains("history unavailable in memory only, this session")));
        }
    }

    @Test
    void aBrokenSettingsFileIsReportedAsWhatItIsNotAsSomethingNotRunning() throws Exception {
        Path settings = Files.createDirectories(tmp.resolve("config/watchtray")).resolve("settings.json");
        Files.writeString(settings, "{\"min_toast_severity\": ");
        try (DesktopSession s = DesktopSession.start(tmp).withX();
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            assertEquals("ready no-tray", app.next(60));
            eventually("the timeline says what happened", quietly(() -> app.ask("rows").contains(
                    "watchtray: using default settings \u2014 Your settings file " + settings + " was not valid")));
            // Other rows may rightly say "not running" (no journald in this session); none about the settings may.
            String rows = app.ask("rows");
            assertFalse(Arrays.stream(rows.split("\\|")).anyMatch(r -> r.contains("settings") && r.contains("not running")), rows);
        }
    }

    @Test
    void theAppEndsWithTheSessionBus() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withWatcher();
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            assertTrue(app.next(60).startsWith("ready StatusNotifierItem"));
            s.stopBus();
            assertEndsAsTheBusWent(app);
        }
    }

    /**
     * The bus goes while a toast is on its way: the notification server (dunst, frozen) has the
     * app's Notify and has not answered, so the toast thread is waiting on the bus when it dies.
     */
    @Test
    void theAppEndsWithTheSessionBusWhileAToastIsOnItsWay() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(true).withWatcher();
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            assertTrue(app.next(60).startsWith("ready StatusNotifierItem"));
            Path notify = s.monitor("type='method_call',interface='org.freedesktop.Notifications',member='Notify'");
            try (AutoCloseable frozen = s.freezeDunst()) {
                assertEquals("published mounts.remounted_ro", app.ask("mount-ro /srv/data"));
                eventually("the toast's Notify reached the bus", quietly(() -> Files.readString(notify).contains("member=Notify")));
                s.stopBus();
                assertEndsAsTheBusWent(app);
            }
        }
    }

    /**
     * The app ended with the bus: cleanly (its history closed, no gap marker left), with the
     * status that makes the user unit's Restart=on-failure start it again (DesktopFilesTest checks
     * the unit says so). When it did not end, its threads go to the session's logs: they show what
     * it waits for.
     */
    private void assertEndsAsTheBusWent(AppProcess app) throws Exception {
        boolean ended = app.process().waitFor(30, TimeUnit.SECONDS);
        if (!ended) {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            new ProcessBuilder(jcmd.toString(), Long.toString(app.process().pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("app-threads.log").toFile()).start().waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(ended, "a session bus gone ends watchtray (its threads: app-threads.log)");
        assertEquals(DesktopApp.EXIT_BUS_LOST, app.process().exitValue());
        assertFalse(Files.exists(tmp.resolve("state/watchtray/history.db.running")), "the history was closed");
        assertTrue(Files.readString(tmp.resolve("app.log")).contains("the session bus went away"), "it says why it ended");
    }

    @Test
    void withoutTrayOrNotificationServerTheWindowOpensAndToastsShowInside() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX();
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            assertEquals("ready no-tray", app.next(60));
            eventually("the app opens its window instead of a tray icon", quietly(() -> !visibleWindow(s, "watchtray").isEmpty()));
            eventually("and says why in its timeline", quietly(() -> app.ask("rows").contains(
                    "watchtray: no tray icon \u2014 this session has neither a StatusNotifierWatcher nor a system tray")));

            app.ask("mount-ro /home");
            eventually("an in-app toast", quietly(() -> app.ask("toasts").contains("Filesystem is now read-only")));
            assertTrue(app.ask("toasts").contains("\u201c/home\u201d (ext4 /dev/sdb1) was remounted read-only"));
            Thread.sleep(1500);
            screenshot(s, "root", "in-app-toast.png");

            // Quitting while a popup shows must not crash GTK (exit 134): popups are hidden first.
            assertEquals("closing", app.ask("quit"));
            assertTrue(app.process().waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, app.process().exitValue(), () -> {
                try {
                    return Files.readString(tmp.resolve("app.log"));
                } catch (IOException e) {
                    return e.toString();
                }
            });
        }
    }
}
