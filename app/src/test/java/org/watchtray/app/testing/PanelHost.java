package org.watchtray.app.testing;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real tray host on a {@link DesktopSession}'s X server and bus, for tests that look at the
 * icon on screen:
 * <ul>
 * <li>{@link #xfce}: {@code xfce4-panel} with one panel holding only its "Status Tray" plugin,
 *     which is both a StatusNotifierWatcher + host and an XEmbed system tray;</li>
 * <li>{@link #trayer}: {@code trayer}, an XEmbed-only system tray (what AWT's SystemTray uses);</li>
 * <li>{@link #gtkSniTray}: {@code gtk-sni-tray-standalone}, a StatusNotifierHost only, for the
 *     session's existing watcher (a panel that comes up after the app).</li>
 * </ul>
 *
 * <p>The minimal reliable xfce set-up, found by taking pieces away until it broke:
 * <ul>
 * <li>{@code xfconfd} started by hand: the panel reads its layout from xfconf, and the test's
 *     private bus activates no services. Without it the panel finds no layout, runs its
 *     migration, fails to store it and shows an empty 128×50 panel with no systray.</li>
 * <li>the panel's channel file {@code xfce4-panel.xml} in a private {@code XDG_CONFIG_HOME},
 *     with {@code XDG_CONFIG_DIRS} pointing at an empty directory, so nothing of the host's
 *     {@code /etc/xdg} (the stock layout with clock, pager, launchers) is merged in;</li>
 * <li>{@code --disable-wm-check} (no window manager here) and {@code --sm-client-disable} (no
 *     session manager).</li>
 * </ul>
 * The plugin runs in a {@code wrapper-2.0} child process; {@link #stop} ends it with the panel.
 * Its StatusNotifierWatcher and host come as one: when another watcher already owns the name
 * (status-notifier-watcher), xfce4-panel 4.18 neither registers as a host nor draws the items
 * (seen here), so a session has either xfce's watcher or another one, not both.
 */
public final class PanelHost implements AutoCloseable {
    /** The panel's thickness in pixels; the icon is drawn inside it. */
    public static final int HEIGHT = 32;

    private enum Kind { XFCE, TRAYER, GTK_SNI }

    private final DesktopSession session;
    private final Kind kind;
    private final Map<String, String> env;
    private Process panel;

    private PanelHost(DesktopSession session, Kind kind, Map<String, String> env) {
        this.session = session;
        this.kind = kind;
        this.env = env;
    }

    /** Starts xfconfd and an xfce4-panel with only the systray plugin along the top edge. */
    public static PanelHost xfce(DesktopSession session) throws IOException, InterruptedException {
        return xfce(session, false);
    }

    /** As {@link #xfce(DesktopSession)}; {@code dark}: the panel's own "dark mode" (GTK's dark theme variant). */
    public static PanelHost xfce(DesktopSession session, boolean dark) throws IOException, InterruptedException {
        Path config = Files.createDirectories(session.dir().resolve("xfce-config/xfce4/xfconf/xfce-perchannel-xml"));
        Files.writeString(config.resolve("xfce4-panel.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <channel name="xfce4-panel" version="1.0">
                  <property name="configver" type="int" value="2"/>
                  <property name="panels" type="array">
                    <value type="int" value="1"/>
                    <property name="dark-mode" type="bool" value="%b"/>
                    <property name="panel-1" type="empty">
                      <property name="position" type="string" value="p=6;x=0;y=0"/>
                      <property name="length" type="uint" value="100"/>
                      <property name="position-locked" type="bool" value="true"/>
                      <property name="size" type="uint" value="%d"/>
                      <property name="icon-size" type="uint" value="24"/>
                      <property name="plugin-ids" type="array">
                        <value type="int" value="1"/>
                      </property>
                    </property>
                  </property>
                  <property name="plugins" type="empty">
                    <property name="plugin-1" type="string" value="systray"/>
                  </property>
                </channel>
                """.formatted(dark, HEIGHT));
        Map<String, String> env = new HashMap<>(session.environment());
        env.put("XDG_CONFIG_HOME", session.dir().resolve("xfce-config").toString());
        env.put("XDG_CONFIG_DIRS", Files.createDirectories(session.dir().resolve("xfce-no-system-config")).toString());
        env.put("XDG_DATA_HOME", session.dir().resolve("xfce-data").toString());
        env.put("XDG_CACHE_HOME", session.dir().resolve("xfce-cache").toString());
        session.spawn(List.of(xfconfd().toString()), env, "xfconfd");
        session.waitForName("org.xfce.Xfconf");
        PanelHost host = new PanelHost(session, Kind.XFCE, env);
        host.start();
        return host;
    }

    /** Starts trayer along the top edge, right-aligned, as wide as its icons. */
    public static PanelHost trayer(DesktopSession session) throws IOException, InterruptedException {
        PanelHost host = new PanelHost(session, Kind.TRAYER, session.environment());
        host.start();
        return host;
    }

    /** Starts a bar along the top edge that hosts SNI items of the session's watcher ({@link DesktopSession#withWatcher}). */
    public static PanelHost gtkSniTray(DesktopSession session) throws IOException, InterruptedException {
        PanelHost host = new PanelHost(session, Kind.GTK_SNI, session.environment());
        host.start();
        return host;
    }

    private void start() throws IOException, InterruptedException {
        switch (kind) {
            case XFCE -> {
                panel = session.spawn(List.of("xfce4-panel", "--disable-wm-check", "--sm-client-disable"), env, "xfce4-panel");
                // The watcher name is owned by the systray plugin's process: the plugin is up.
                session.waitForName("org.kde.StatusNotifierWatcher");
                session.waitForName("org.xfce.Panel");
            }
            case TRAYER -> panel = session.spawn(List.of("trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
                    "--height", String.valueOf(HEIGHT), "--transparent", "false", "--SetDockType", "true"), env, "trayer");
            case GTK_SNI -> panel = session.spawn(List.of("gtk-sni-tray-standalone", "--top", "--end", "--size",
                    String.valueOf(HEIGHT)), env, "gtk-sni-tray");
        }
        if (!DesktopSession.eventually(Duration.ofSeconds(20), () -> window().isPresent())) {
            throw new IOException(kind + " panel did not map its window (see its log in " + session.dir() + ")");
        }
        if (kind == Kind.GTK_SNI) {
            awaitHost();
        } else {
            awaitSystemTray();
        }
    }

    /**
     * Waits until the X system tray selection has an owner, as AWT sees it: a short-lived JVM
     * asks {@code SystemTray.isSupported()} (X selections have no command-line client here).
     */
    private void awaitSystemTray() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        DesktopSession.Result r = session.tryRun(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), SystemTrayProbe.class.getName(), "20"));
        if (r.exit() != 0) {
            throw new IOException(kind + " panel owns no system tray selection: " + r.out() + r.err());
        }
    }

    /** Waits until the watcher says a host has registered. */
    private void awaitHost() throws IOException, InterruptedException {
        List<String> ask = List.of("gdbus", "call", "--address", session.busAddress(), "--dest", "org.kde.StatusNotifierWatcher",
                "--object-path", "/StatusNotifierWatcher", "--method", "org.freedesktop.DBus.Properties.Get",
                "org.kde.StatusNotifierWatcher", "IsStatusNotifierHostRegistered");
        if (!DesktopSession.eventually(Duration.ofSeconds(20), () -> {
            try {
                return session.run(ask).contains("true");
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        })) {
            throw new IOException(kind + " did not register as a StatusNotifierHost");
        }
    }

    /** Stops the panel (and its plugin processes), as when it crashes or the user restarts it. */
    public void stop() throws InterruptedException {
        if (panel != null) {
            session.stop(panel);
            panel = null;
        }
    }

    /** Stops the panel and starts a fresh one. */
    public void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    /** Where the panel is on screen (the icons are drawn inside). */
    public Rectangle bounds() throws IOException, InterruptedException {
        return session.geometry(window().orElseThrow(() -> new IOException(kind + " panel has no window")));
    }

    private java.util.Optional<String> window() {
        // Each panel has one mapped window of its WM_CLASS (xdotool takes one pattern per search).
        String cls = switch (kind) {
            case XFCE -> "^Xfce4-panel$";
            case TRAYER -> "^trayer$";
            case GTK_SNI -> "^Gtk-sni-tray-standalone$";
        };
        try {
            DesktopSession.Result r = session.tryRun(List.of("xdotool", "search", "--onlyvisible", "--class", cls));
            return r.exit() == 0 ? r.out().lines().filter(l -> !l.isBlank()).findFirst() : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    private static Path xfconfd() throws IOException {
        // Debian installs it under the multiarch library directory, which differs per architecture.
        try (DirectoryStream<Path> libs = Files.newDirectoryStream(Path.of("/usr/lib"))) {
            for (Path lib : libs) {
                Path candidate = lib.resolve("xfce4/xfconf/xfconfd");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IOException("xfconfd not found under /usr/lib/*/xfce4/xfconf (Debian package xfconf)");
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
