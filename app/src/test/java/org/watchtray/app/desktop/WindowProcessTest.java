package org.watchtray.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.watchtray.app.testing.Await.eventually;
import static org.watchtray.app.testing.Await.quietly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.AppProcess;
import org.watchtray.app.text.Messages;
import org.watchtray.app.testing.Await;
import org.watchtray.app.testing.DesktopSession;
import org.watchtray.app.testing.Wakeups;
import org.watchtray.core.testing.TimedatectlLink;

/**
 * The windows in their own process, as the app runs them, on a private desktop (Xvfb, session
 * bus, dunst, a StatusNotifierWatcher): the tray starts the window process on a click and never
 * starts JavaFX itself; the window process gets the tray's events live; it can be killed or
 * stopped without taking the tray along; a second one started by hand raises the first; and
 * where it cannot start, the tray menu says why.
 */
@Tag("xvfb")
class WindowProcessTest {
    @TempDir
    Path tmp;

    @AfterEach
    void keepLogs(TestInfo test) throws IOException {
        Await.keepLogs(tmp, test);
    }

    private Map<String, String> appEnv() {
        Map<String, String> env = new java.util.HashMap<>(DesktopSession.appDirs(tmp));
        env.put("SCRIPTED_WINDOWS", "process");
        return env;
    }

    private static String gdbus(DesktopSession s, String dest, String path, String method, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("gdbus", "call", "--address", s.busAddress(), "--dest", dest,
                "--object-path", path, "--method", method, "--"));
        cmd.addAll(List.of(args));
        return s.run(cmd);
    }

    private static String item(AppProcess app) throws InterruptedException {
        String ready = app.next(60);
        assertTrue(ready.startsWith("ready StatusNotifierItem"), ready);
        return ready.substring(ready.lastIndexOf(' ') + 1);
    }

    private static void click(DesktopSession s, String item) throws Exception {
        gdbus(s, item, "/StatusNotifierItem", "org.kde.StatusNotifierItem.Activate", "0", "0");
    }

    private static boolean timelineShows(DesktopSession s) throws Exception {
        return s.visibleWindow("^watchtray$").isPresent();
    }

    private static long windowPid(AppProcess app) throws Exception {
        return Long.parseLong(app.ask("window-pid"));
    }

    /** Clicks the tray icon and waits for the timeline of a window process; its pid. */
    private static long openByClick(DesktopSession s, AppProcess app, String item) throws Exception {
        click(s, item);
        eventually("the timeline shows", quietly(() -> timelineShows(s) && windowPid(app) > 0));
        return windowPid(app);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void aTrayClickStartsTheWindowProcessASecondClickRaisesItAndItEndsWithItsLastWindow() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(true).withWatcher();
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            String item = item(app);
            Path socket = tmp.resolve("watchtray/windows.sock");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));

            long window = openByClick(s, app, item);
            assertTrue(window > 0 && window != app.process().pid(), "its own process: " + window);
            assertEquals("(no fx)", app.ask("windows"), "the tray process has not started JavaFX");

            // A second click raises the window that is open: no second process.
            click(s, item);
            app.ask("mount-ro /srv/barrier");   // a later request, after the click was handled
            assertEquals(window, windowPid(app));
            assertEquals(1, app.process().children().filter(ProcessHandle::isAlive).count(), "one window process");

            // Ctrl+W closes the last window: the window process ends, the tray stays.
            s.run(List.of("xdotool", "windowfocus", "--sync", s.visibleWindow("^watchtray$").orElseThrow(), "key", "ctrl+w"));
            eventually("the window process ends", () -> !alive(window));
            eventually("the tray knows", quietly(() -> windowPid(app) == -1));
            assertTrue(app.process().isAlive());
            assertEquals("(no fx)", app.ask("windows"));

            click(s, item);
            eventually("a click opens it again, in a new process", quietly(() -> timelineShows(s) && windowPid(app) > 0));
            assertNotEquals(window, windowPid(app));
        }
    }

    @Test
    void aKilledWindowProcessLeavesTheTrayRunningAndTheNextClickOpensANewOne() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(true).withWatcher();
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            String item = item(app);
            long window = openByClick(s, app, item);

            s.run(List.of("kill", "-KILL", Long.toString(window)));
            eventually("the tray sees it gone", quietly(() -> windowPid(app) == -1));
            assertTrue(app.ask("mount-ro /srv/after-the-crash").startsWith("published"));
            eventually("a toast still comes", quietly(() -> s.dunstSeen().stream()
                    .anyMatch(t -> t.get("DUNST_BODY").contains("/srv/after-the-crash"))));

            click(s, item);
            eventually("a new window process shows the timeline", quietly(() -> timelineShows(s) && windowPid(app) > 0));
            assertNotEquals(window, windowPid(app));
        }
    }

    @Test
    void aStoppedWindowProcessDoesNotBlockTheTrayAndIsReplacedWhenItDoesNotAnswer() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(true).withWatcher();
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            String item = item(app);
            long window = openByClick(s, app, item);

            s.run(List.of("kill", "-STOP", Long.toString(window)));
            try {
                // The tray goes on: events, toasts and its menu, while the window process reads nothing.
                for (int i = 0; i < 50; i++) {
                    app.ask("mount-ro /srv/while-stopped-" + i);
                }
                String layout = gdbus(s, item, "/MenuBar", "com.canonical.dbusmenu.GetLayout", "0", "-1", "[]");
                assertTrue(layout.contains("Open timeline"), layout);
                app.ask("ticket-soon alice@EXAMPLE.ORG");   // another source: the mounts' toasts are rate-limited
                eventually("toasts while the window is stopped", quietly(() -> s.dunstSeen().stream()
                        .anyMatch(t -> t.get("DUNST_BODY").contains("alice@EXAMPLE.ORG"))));

                // A click it cannot answer: the tray ends it and starts another.
                click(s, item);
                eventually("a new window process shows the timeline", quietly(() -> windowPid(app) > 0 && windowPid(app) != window
                        && timelineShows(s)));
                eventually("the stopped one is gone", () -> !alive(window));
            } finally {
                s.tryRun(List.of("kill", "-CONT", Long.toString(window)));   // when it is still there (a failure)
            }
        }
    }

    /**
     * Prints the tray process's resident memory in the tray, with its window open, and 10 s after
     * the window closed, with the load. The test's JVM options, not launch/'s: compare the figures
     * of one run with each other. Issue 10's goal (back within 10 % within 10 s) is a measurement,
     * printed here and by bench/app-idle; what the test holds is the design: the windows' memory
     * (about 170 MB, which the tray kept for ever before the split) leaves with their process, so
     * the tray stays within a quarter of its figure whatever the machine's load does to the rest.
     */
    @Test
    void theTrayProcessGivesTheWindowsMemoryBackWhenTheyClose() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(true).withWatcher();
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            String item = item(app);
            long tray = app.process().pid();
            app.ask("mount-ro /srv/data");
            Thread.sleep(10_000);   // a measurement: the tray as it sits after start
            long before = rssKb(tray);

            long window = openByClick(s, app, item);
            app.ask("mount-ro /srv/live");
            Thread.sleep(3_000);
            long open = rssKb(tray);
            long windowRss = rssKb(window);

            s.run(List.of("xdotool", "windowfocus", "--sync", s.visibleWindow("^watchtray$").orElseThrow(), "key", "ctrl+w"));
            eventually("the window process ends", () -> !alive(window));
            Thread.sleep(10_000);   // the figure the issue asks for: 10 s after the window closed
            long after = rssKb(tray);

            String load = Files.readString(Path.of("/proc/loadavg")).strip();
            System.out.printf("window-rss: tray %d MB; window open: tray %d MB + window process %d MB; 10 s after closing: tray %d MB"
                    + " (%+.1f %%, goal +10 %%; load %s)%n", before / 1024, open / 1024, windowRss / 1024, after / 1024,
                    100.0 * (after - before) / before, load);
            assertTrue(after <= before * 1.25, "after the window " + after + " kB, in the tray " + before + " kB");
        }
    }

    private static long rssKb(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
    }

    @Test
    void aWindowProcessStartedByHandGetsTheLiveFeedAndASecondOneRaisesIt() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(true).withWatcher();
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            String item = item(app);
            app.ask("mount-ro /srv/before-the-window");
            try (AppProcess window = AppProcess.start(s, appEnv(), "window", ScriptedWindow.class)) {
                eventually("the timeline shows, with the history", quietly(() -> window.ask("rows").contains("/srv/before-the-window")));
                assertEquals(window.process().pid(), windowPid(app));

                // Live: an event raised in the tray process appears in the window.
                app.ask("mount-ro /srv/live");
                eventually("the live event in the window", quietly(() -> window.ask("rows").contains("/srv/live")));
                // Its toast's default action shows that event in the window.
                eventually("the live event's toast", quietly(() -> s.dunstSeen().stream()
                        .anyMatch(t -> t.get("DUNST_BODY").contains("/srv/live"))));
                String toastId = s.dunstSeen().stream().filter(t -> t.get("DUNST_BODY").contains("/srv/live"))
                        .findFirst().orElseThrow().get("DUNST_ID");
                s.pressInDunstMenu("[" + toastId + ",default]");
                eventually("the event is selected in the window", quietly(() -> window.ask("selected").contains("/srv/live")));

                // A second one by hand does not fight the first: it is told so and ends; the first stays.
                try (AppProcess second = AppProcess.start(s, appEnv(), "second-window", ScriptedWindow.class)) {
                    assertEquals("ended 0", second.next(90));
                    assertTrue(second.process().waitFor(20, TimeUnit.SECONDS));
                }
                assertEquals(window.process().pid(), windowPid(app));
                // A tray click goes to it too: still no other process.
                click(s, item);
                app.ask("mount-ro /srv/barrier");
                assertEquals(window.process().pid(), windowPid(app));
                assertEquals(0, app.process().children().filter(ProcessHandle::isAlive).count());
                assertEquals("watchtray", window.ask("windows"));

                // The settings dialog (from the tray menu) shows in the window process; what it changes,
                // the tray saves and applies at once.
                gdbus(s, item, "/MenuBar", "com.canonical.dbusmenu.Event", "40", "clicked", "<0>", "0");
                eventually("the settings dialog shows", quietly(() -> window.ask("windows").equals("watchtray|watchtray settings")));
                assertEquals("clicked #toasts-usb", window.ask("click-id toasts-usb"));
                Path settingsFile = tmp.resolve("config/watchtray/settings.json");
                eventually("saved by the tray", quietly(() -> !new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(settingsFile.toFile()).get("sources").get("usb").get("toasts").booleanValue()));
                int toasts = s.dunstSeen().size();
                app.ask("usb-error 2-1");
                app.ask("ticket-soon bob@EXAMPLE.ORG");   // barrier: a toast after the muted USB error
                eventually("the toast after the USB error", quietly(() -> s.dunstSeen().stream()
                        .anyMatch(t -> t.get("DUNST_BODY").contains("bob@EXAMPLE.ORG"))));
                assertEquals(toasts + 1, s.dunstSeen().size(), "no USB toast: " + s.dunstSeen());

                // Quitting the tray takes the windows along.
                gdbus(s, item, "/MenuBar", "com.canonical.dbusmenu.Event", "50", "clicked", "<0>", "0");
                assertTrue(app.process().waitFor(30, TimeUnit.SECONDS), "the tray quits");
                assertTrue(window.process().waitFor(30, TimeUnit.SECONDS), "the window process ends with the tray");
            }
        }
    }

    /**
     * The window process has no watch of its own on the system's time zone: the tray's welcome
     * gives it the zone the tray follows, and the tray tells it each change (as {@code timedatectl
     * set-timezone} makes one: a link renamed over the tray's localtime), after which the open
     * timeline shows its times in the new zone.
     */
    @Test
    void theWindowProcessShowsItsTimesInTheZoneTheTrayFollows() throws Exception {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        TimedatectlLink.set(etc, berlin);
        Map<String, String> trayEnv = appEnv();
        trayEnv.put("SCRIPTED_ETC", etc.toString());
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(true).withWatcher();
             AppProcess app = AppProcess.start(s, trayEnv, "app")) {
            item(app);
            app.ask("mount-ro /srv/zone");
            try (AppProcess window = AppProcess.start(s, appEnv(), "window", ScriptedWindow.class)) {
                eventually("the timeline shows the event", quietly(() -> window.ask("shown").contains("/srv/zone")));
                // It started in its JVM's zone (the machine's); the welcome moved it to the tray's.
                awaitFirstTimeIn(window, berlin);

                TimedatectlLink.set(etc, tokyo);
                awaitFirstTimeIn(window, tokyo);
            }
        }
    }

    /** Non-ASCII characters as \\uXXXX, so a failure shows which space a time has. */
    private static String escaped(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c < 128 ? Character.toString(c) : String.format("\\u%04X", c)));
        return b.toString();
    }

    /** Waits until the timeline's top row shows its time as it reads in {@code zone}; fails saying what it shows. */
    private static void awaitFirstTimeIn(AppProcess window, ZoneId zone) throws Exception {
        String[] last = {""};
        try {
            eventually("the top row's time in " + zone, quietly(() -> {
                last[0] = window.ask("first-time");
                String[] shown = last[0].split("\\|");
                if (shown.length != 2) {
                    return false;
                }
                // Today's rows to the second, older ones with their date: the zone's date decides.
                Messages m = Messages.forEnvironment(zone);   // the window process's locale: the same environment
                Instant at = Instant.parse(shown[1]);
                return shown[0].equals(m.time(at)) || shown[0].equals(m.shortDateTime(at));
            }));
        } catch (AssertionError e) {
            throw new AssertionError("the top row's time|instant reads " + escaped(last[0]) + ", not in " + zone + " ("
                    + escaped(Messages.forEnvironment(zone).time(Instant.now())) + " now)", e);
        }
    }

    /**
     * An open timeline costs nothing while nothing happens (docs/idle.md, "An open window"): with
     * the window settled, unfocused and focused, the window process wakes at most 5 times a second
     * (50–57 before FxPulse paused JavaFX's 60 Hz pulse timer); and what changes is still drawn:
     * an event that arrives while the timer sleeps reaches the table's cells (they take their rows
     * in a pulse's layout, so without a pulse they would keep the old rows), a window mapped
     * again is painted again, and typing in the
     * search field narrows the rows shown, after which the caret stops blinking (SteadyCaret) and
     * the pulse sleeps again with the caret still in the field. The bound is loose for a loaded machine and still far
     * below a ticking pulse.
     */
    @Test
    void anOpenIdleTimelineSleepsAndStillDrawsWhatChanges() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(true).withWatcher();
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            item(app);
            app.ask("mount-ro /srv/alpha");
            // The window process with the JVM options users run (launch/jvm.options): the test's own
            // leave the JVM's monitor deflation at 4 wakeups a second, which is not the window's doing.
            List<String> shipped = List.of("@" + Path.of("..", "launch", "jvm.options").toAbsolutePath().normalize());
            try (AppProcess window = AppProcess.start(s, appEnv(), "window", ScriptedWindow.class, shipped)) {
                long pid = window.process().pid();
                eventually("the table shows the history", quietly(() -> window.ask("shown").contains("/srv/alpha")));
                eventually("the settled window's pulse pauses", quietly(() -> window.ask("pulse").equals("paused")));
                double unfocused = idleWakeups(pid, "unfocused");

                // Unmapped and mapped again (as when restored): X kept none of its pixels, the
                // expose must wake the pulse to paint them (an unpainted window has a colour or two).
                String x11 = s.visibleWindow("^watchtray$").orElseThrow();
                s.run(List.of("xdotool", "windowunmap", "--sync", x11));
                s.run(List.of("xdotool", "windowmap", "--sync", x11));
                eventually("the window is painted again after the expose", quietly(() -> s.colours(x11) > 100));
                eventually("and sleeps again", quietly(() -> window.ask("pulse").equals("paused")));

                s.run(List.of("xdotool", "windowfocus", "--sync", x11));
                eventually("the focused window's pulse pauses", quietly(() -> window.ask("pulse").equals("paused")));
                double focused = idleWakeups(pid, "focused");

                long sent = System.nanoTime();
                app.ask("mount-ro /srv/omega");
                eventually("the event that came while the pulse slept is drawn",
                        quietly(() -> window.ask("shown").contains("/srv/omega")));
                System.out.printf("idle-window: drawn %d ms after it was published%n", (System.nanoTime() - sent) / 1_000_000);

                assertEquals("clicked #filter-text", window.ask("click-id filter-text"));
                s.run(List.of("xdotool", "type", "--delay", "40", "omega"));
                eventually("typing narrows the rows shown", quietly(() -> {
                    String shown = window.ask("shown");
                    return shown.contains("/srv/omega") && !shown.contains("/srv/alpha");
                }));
                eventually("the pulse pauses again after typing", quietly(() -> window.ask("pulse").equals("paused")));
                double typed = idleWakeups(pid, "after typing, caret in the search field");

                assertTrue(unfocused <= 5, "unfocused idle window: " + unfocused + " wakeups/s");
                assertTrue(focused <= 5, "focused idle window: " + focused + " wakeups/s");
                assertTrue(typed <= 5, "idle window with the caret in the search field: " + typed + " wakeups/s");
            }
        }
    }

    /** The window process's wakeups a second over 3 s of nobody touching it (printed with its busiest threads). */
    private static double idleWakeups(long pid, String what) throws Exception {
        Wakeups before = Wakeups.of(pid);
        Thread.sleep(3_000);   // a measurement over a fixed span, not a wait for something
        Wakeups spent = Wakeups.of(pid).since(before);
        double rate = spent.total() / 3.0;
        System.out.printf("idle-window: %s %.1f wakeups/s (%s; load %s)%n", what, rate, spent.busiest(5),
                Files.readString(Path.of("/proc/loadavg")).strip());
        return rate;
    }

    @Test
    void aWindowProcessThatCannotStartIsReportedInTheTrayMenuAndLeavesNothing() throws Exception {
        // A display that is set but has no X server: the tray starts the window process, JavaFX cannot start there.
        try (DesktopSession s = DesktopSession.start(tmp).withWatcher()) {
            Map<String, String> env = new HashMap<>(appEnv());
            env.put("DISPLAY", ":" + (60_000 + ProcessHandle.current().pid() % 5_000));
            try (AppProcess app = AppProcess.start(s, env, "app")) {
                String item = item(app);
                click(s, item);
                eventually("the tray menu says why", quietly(() -> gdbus(s, item, "/MenuBar", "com.canonical.dbusmenu.GetLayout",
                        "0", "-1", "[]").contains("Timeline unavailable: the windows could not start")));
                String layout = gdbus(s, item, "/MenuBar", "com.canonical.dbusmenu.GetLayout", "0", "-1", "[]");
                assertTrue(layout.contains("'For events, run: watchtray history'"), layout);
                eventually("no window process left", () -> app.process().children().noneMatch(ProcessHandle::isAlive));
                // Later clicks start nothing.
                click(s, item);
                assertTrue(app.ask("mount-ro /srv/barrier").startsWith("published"));
                assertEquals(0, app.process().children().filter(ProcessHandle::isAlive).count());
                assertEquals("-1", app.ask("window-pid"));
            }
        }
    }
}
