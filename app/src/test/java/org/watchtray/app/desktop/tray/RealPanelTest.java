package org.watchtray.app.desktop.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.AppProcess;
import org.watchtray.app.testing.DesktopSession;
import org.watchtray.app.testing.PanelHost;
import org.watchtray.app.testing.ScreenPixels;
import org.watchtray.app.testing.Wcag;
import org.watchtray.icons.Icons;

/**
 * The tray icon as real panels draw it: the whole app in its own process, under Xvfb with
 * {@code xfce4-panel} (StatusNotifierItem, drawn by the panel from our pixmaps) or {@code
 * trayer} (XEmbed, drawn by AWT inside the panel). Everything is judged from screenshots:
 * which bundled icon art is on the panel, where the menu's rows are, and whether the timeline
 * window exists (by its X title, so the check holds wherever the window comes from). dunst
 * runs too, as on a real desktop: without a notification server the in-app toasts would sit
 * in the top-right corner over the panel (Xvfb has no window manager to keep a work area). The
 * screenshots are kept as {@code target/screenshots/panel-<host>-<protocol>-<what>.png}.
 */
@Tag("xvfb")
class RealPanelTest {
    private static final Path SHOTS = Path.of("target/screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(45);

    @TempDir
    Path tmp;

    @AfterEach
    void keepLogs(TestInfo test) throws IOException {
        DesktopSession.keepLogs(tmp, test.getTestMethod().orElseThrow().getName());
    }

    private Map<String, String> appEnv() {
        return DesktopSession.appDirs(tmp);
    }

    @Test
    void xfcePanelDrawsTheSniIconItFollowsTheWorstStateAndItsMenuOpensTheTimeline() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(false);
             PanelHost panel = PanelHost.xfce(s);
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            assertTrue(app.next(60).startsWith("ready StatusNotifierItem"), "with a watcher the app uses SNI");

            // The panel restarts (a crash, or xfce4-panel -r): a fresh watcher, and the item registers again.
            walkThrough(s, panel, app, "panel-xfce-sni-");
        }
    }

    @Test
    void trayerEmbedsTheAwtIconItFollowsTheWorstStateAndComesBackAfterARestart() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(false);
             PanelHost panel = PanelHost.trayer(s);
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            assertEquals("ready system tray (XEmbed)", app.next(60), "without a watcher the app uses the XEmbed tray");

            // trayer restarts: AWT drops the icon when its embedder dies; watchtray embeds it again.
            walkThrough(s, panel, app, "panel-trayer-xembed-");
        }
    }

    /**
     * What the user sees on a panel, screenshots named {@code <prefix><what>.png}: the icon
     * follows the worst state (ok, warning, critical); a right click opens the menu, whose "Open
     * timeline" opens the window, after which the icon is calm again; the panel restarts while
     * a warning stands, and the icon comes back still warning; a left click on it opens the
     * timeline.
     */
    private static void walkThrough(DesktopSession s, PanelHost panel, AppProcess app, String prefix) throws Exception {
        awaitIcon(s, panel, Icons.State.NORMAL, prefix + "ok.png");
        app.ask("pool 85");
        awaitIcon(s, panel, Icons.State.WARNING, prefix + "warning.png");
        app.ask("mount-ro /srv/data");
        awaitIcon(s, panel, Icons.State.CRITICAL, prefix + "critical.png");

        openTimelineFromTheMenu(s, panel, prefix + "menu.png");
        awaitIcon(s, panel, Icons.State.NORMAL, prefix + "acknowledged.png");

        app.ask("pool 90");
        awaitIcon(s, panel, Icons.State.WARNING, null);
        closeTimeline(s);
        panel.restart();
        awaitIcon(s, panel, Icons.State.WARNING, prefix + "restarted.png");

        leftClickIcon(s, panel);
        assertTrue(DesktopSession.eventually(PATIENCE, () -> window(s, "^watchtray$")), "a left click opens the timeline");
    }

    @Test
    void anItemWithoutAHostIsDrawnWhenAHostComesLater() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(false).withWatcher();
             AppProcess app = AppProcess.start(s, appEnv(), "app")) {
            assertTrue(app.next(60).startsWith("ready StatusNotifierItem"), "a watcher without a host still gets the item");
            app.ask("mount-ro /srv/data");
            BufferedImage nothing = s.capture();
            save(nothing, "panel-none-sni-nohost.png");
            assertEquals(Optional.empty(), ScreenPixels.iconShown(nothing, new Rectangle(0, 0, nothing.getWidth(), PanelHost.HEIGHT)),
                    "no host, nothing drawn");

            // The panel starts after the app (a slow login): it finds the registered item and draws its current state.
            try (PanelHost panel = PanelHost.gtkSniTray(s)) {
                awaitIcon(s, panel, Icons.State.CRITICAL, "panel-gtksni-sni-late-host.png");
            }
        }
    }

    /**
     * A dark desktop (the portal says so) with a dark panel, and the user chose the symbolic
     * tray icon: it is drawn in light ink, and the ink stands out from the panel by at least
     * 3:1 (WCAG 1.4.11 for graphics); on a light desktop and panel, in dark ink.
     */
    @Test
    void theSymbolicIconIsDrawnInTheInkOfTheDesktopsScheme() throws Exception {
        for (boolean dark : new boolean[] {true, false}) {
            Path dir = Files.createDirectories(tmp.resolve(dark ? "dark" : "light"));
            Path settings = Files.createDirectories(dir.resolve("config/watchtray")).resolve("settings.json");
            Files.writeString(settings, "{\"version\": 1, \"appearance\": {\"tray_icon\": \"symbolic\"}}");
            String scheme = dark ? "dark" : "light";
            try (DesktopSession s = DesktopSession.start(dir).withX().withDunst(false)) {
                s.gsettings("set", "org.gnome.desktop.interface", "color-scheme", dark ? "prefer-dark" : "prefer-light");
                s.withPortal();
                try (PanelHost panel = PanelHost.xfce(s, dark);
                     AppProcess app = AppProcess.start(s, Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString(),
                             "XDG_STATE_HOME", dir.resolve("state").toString(), "XDG_CONFIG_DIRS", dir.resolve("etc-xdg").toString()), "app")) {
                    assertTrue(app.next(60).startsWith("ready StatusNotifierItem"));
                    int ink = dark ? TrayLook.LIGHT_INK : TrayLook.DARK_INK;
                    ScreenPixels.Art art = ScreenPixels.symbolic(ink);
                    awaitIcon(s, panel, art, Icons.State.NORMAL, "panel-xfce-sni-symbolic-" + scheme + ".png");
                    app.ask("mount-ro /srv/data");
                    awaitIcon(s, panel, art, Icons.State.CRITICAL, "panel-xfce-sni-symbolic-" + scheme + "-critical.png");

                    BufferedImage shot = s.capture();
                    int bg = ScreenPixels.background(shot, panel.bounds());
                    double ratio = Wcag.contrast(ink, bg);
                    assertTrue(ratio >= 3.0, String.format("%s ink #%06x on the %s panel #%06x: %.2f:1", scheme, ink, scheme, bg, ratio));
                    assertTrue(dark ? Wcag.luminance(bg) < 0.2 : Wcag.luminance(bg) > 0.6, String.format("the panel is %s: #%06x", scheme, bg));
                }
            }
        }
    }

    // ---- looking at the screen

    /**
     * Waits until the panel shows {@code state}'s art and saves that screenshot as {@code name}
     * (when given). On a timeout the last screenshot is kept as {@code FAILED-name} and the
     * message lists how close each state's art came.
     */
    private static ScreenPixels.Match awaitIcon(DesktopSession s, PanelHost panel, Icons.State state, String name) throws Exception {
        return awaitIcon(s, panel, ScreenPixels.COLOR, state, name);
    }

    private static ScreenPixels.Match awaitIcon(DesktopSession s, PanelHost panel, ScreenPixels.Art art, Icons.State state,
                                                String name) throws Exception {
        long end = System.nanoTime() + PATIENCE.toNanos();
        BufferedImage shot = null;
        List<ScreenPixels.Match> matches = List.of();
        while (System.nanoTime() < end) {
            shot = s.capture();
            Rectangle area = panel.bounds();
            matches = ScreenPixels.iconMatches(shot, area, art);
            if (ScreenPixels.iconShown(shot, area, art).equals(Optional.of(state))) {
                if (name != null) {
                    save(shot, name);
                }
                return matches.getFirst();
            }
            Thread.sleep(200);
        }
        if (shot != null) {
            save(shot, "FAILED-" + (name == null ? state.name().toLowerCase() + ".png" : name));
        }
        return fail("the panel does not show the " + state + " icon; closest art: " + matches);
    }

    private static void save(BufferedImage shot, String name) throws IOException {
        Files.createDirectories(SHOTS);
        ImageIO.write(shot, "png", SHOTS.resolve(name).toFile());
    }

    private static boolean window(DesktopSession s, String title) {
        try {
            return s.visibleWindow(title).isPresent();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Rectangle iconOnScreen(DesktopSession s, PanelHost panel) throws Exception {
        return ScreenPixels.iconMatches(s.capture(), panel.bounds()).getFirst().at();
    }

    private static void leftClickIcon(DesktopSession s, PanelHost panel) throws Exception {
        click(s, iconOnScreen(s, panel), 1);
    }

    private static void click(DesktopSession s, Rectangle r, int button) throws IOException, InterruptedException {
        s.run(List.of("xdotool", "mousemove", "--sync", String.valueOf((int) r.getCenterX()), String.valueOf((int) r.getCenterY()),
                "click", String.valueOf(button)));
    }

    /**
     * Right-clicks the icon, finds the menu the host opened (the new top-level window), checks it
     * shows our entries as rows of text, and clicks "Open timeline" (the fourth row from the
     * bottom: Open timeline, Do not disturb, Settings…, Quit watchtray).
     */
    private static void openTimelineFromTheMenu(DesktopSession s, PanelHost panel, String name) throws Exception {
        Rectangle icon = iconOnScreen(s, panel);
        // Park the pointer away from the icon first, so no tooltip is on its way.
        s.run(List.of("xdotool", "mousemove", "--sync", "640", "600"));
        Set<String> before = s.visibleTopLevelWindows();
        click(s, icon, 3);
        Rectangle[] menu = new Rectangle[1];
        java.util.concurrent.atomic.AtomicReference<List<Rectangle>> rows = new java.util.concurrent.atomic.AtomicReference<>();
        boolean shown = DesktopSession.eventually(PATIENCE, () -> {
            try {
                for (String w : s.visibleTopLevelWindows()) {
                    if (!before.contains(w)) {
                        BufferedImage shot = s.capture();
                        Rectangle r = s.geometry(w).intersection(new Rectangle(shot.getWidth(), shot.getHeight()));
                        if (r.isEmpty()) {
                            continue;
                        }
                        List<Rectangle> found = ScreenPixels.textRows(shot, r);
                        if (found.size() >= 6 && (menu[0] == null || r.width * r.height > menu[0].width * menu[0].height)) {
                            menu[0] = r;
                            rows.set(found);
                        }
                    }
                }
                return menu[0] != null;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        BufferedImage shot = s.capture();
        save(shot, shown ? name : "FAILED-" + name);
        assertTrue(shown, "a right click opens a menu of at least six rows (header, Open timeline, Do not disturb, Settings…, Quit)");
        Rectangle open = rows.get().get(rows.get().size() - 4);
        s.run(List.of("xdotool", "mousemove", "--sync", String.valueOf(open.x + 40), String.valueOf((int) open.getCenterY()),
                "click", "1"));
        assertTrue(DesktopSession.eventually(PATIENCE, () -> window(s, "^watchtray$")),
                "\"Open timeline\" opens the timeline window (rows at " + rows.get() + ")");
    }

    private static void closeTimeline(DesktopSession s) throws Exception {
        String w = s.visibleWindow("^watchtray$").orElseThrow();
        s.run(List.of("xdotool", "windowfocus", "--sync", w, "key", "ctrl+w"));
        assertTrue(DesktopSession.eventually(PATIENCE, () -> !window(s, "^watchtray$")), "Ctrl+W closes the timeline");
    }
}
