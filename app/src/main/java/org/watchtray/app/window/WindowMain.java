package org.watchtray.app.window;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import javafx.collections.ListChangeListener;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.watchtray.app.desktop.DesktopWindows;
import org.watchtray.app.desktop.SessionBus;
import org.watchtray.app.desktop.appearance.AppearanceModel;
import org.watchtray.app.desktop.appearance.DesktopColorScheme;
import org.watchtray.app.feed.FeedConnection;
import org.watchtray.app.feed.FeedMessage;
import org.watchtray.app.feed.FeedSocket;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.app.ui.FxRuntime;
import org.watchtray.app.ui.Themes;
import org.watchtray.app.ui.WindowTrace;
import org.watchtray.app.ui.timeline.ExportFolder;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.XdgPaths;
import org.watchtray.core.time.SystemZone;
import org.watchtray.app.wiring.FollowedZone;

/**
 * The window process: the timeline, charts, sources and settings windows, in a JVM of their own
 * that the tray starts on demand and that ends when its last window closes (or the tray goes).
 * It connects to the tray's window feed, so it is the session's one window process or, when
 * another is, has that one raised and ends. Started by hand (no {@value #LAUNCHED}), it shows
 * the timeline.
 */
public final class WindowMain {
    private static final System.Logger LOG = System.getLogger(WindowMain.class.getName());
    /** Held so the level set on it is not lost when the logger is garbage collected. */
    private static final Logger DBUS_LOG = Logger.getLogger("org.freedesktop.dbus");
    /** The option naming the feed's socket (default: the session's). */
    public static final String FEED = "--feed";
    /** The option the tray gives the processes it starts (they show what the tray asks, nothing more). */
    public static final String LAUNCHED = "--launched";
    /** How long JavaFX may take to start (a GTK connection in a loaded session) before the windows are given up. */
    private static final int TOOLKIT_START_SECONDS = 60;

    private WindowMain() {
    }

    public static void main(String[] args) {
        WindowTrace.mark("main");
        System.exit(run(args));
    }

    public static int run(String[] args) {
        return run(args, Environment.current());
    }

    /** Like {@link #run(String[])} in the session {@code env} (the window cache's training run: a throwaway one). */
    public static int run(String[] args, Environment env) {
        DBUS_LOG.setLevel(java.util.logging.Level.WARNING);
        // The windows' times follow the system's zone as it changes (the open timeline redraws): the
        // tray watches it and tells this process (TrayLink), which needs no C bindings of its own.
        SystemZone zone = FollowedZone.zoneOf(env);
        Clock clock = zone.clock();
        List<String> a = List.of(args);
        int f = a.indexOf(FEED);
        Path socket = f >= 0 && f + 1 < a.size() ? Path.of(a.get(f + 1)) : FeedSocket.path(new XdgPaths(env));
        boolean byHand = !a.contains(LAUNCHED);

        SocketChannel channel;
        try {
            channel = FeedSocket.connect(socket);
        } catch (IOException e) {
            System.err.println("watchtray: the tray app is not running in this session (no window feed at " + socket
                    + "); start watchtray, or see events with: watchtray history");
            return 1;
        }
        WindowTrace.mark("connected");
        // The toolkit starts now, while the tray answers and the history opens: it is the longest
        // part of the first frame, and nothing it does depends on them.
        FxRuntime fx = new FxRuntime();
        fx.start();
        FeedConnection feed = new FeedConnection(channel, 1_000, "watchtray-tray");
        TrayLink tray = new TrayLink(feed, zone);
        tray.preparePages();
        feed.start(tray::accept, tray::closed);
        feed.send(new FeedMessage.Hello(ProcessHandle.current().pid(), byHand));
        Optional<FeedMessage.Welcome> welcome;
        try {
            welcome = tray.awaitWelcome();
        } catch (InterruptedException | TimeoutException e) {
            System.err.println("watchtray: the tray app did not answer; no window");
            feed.close();
            return 1;
        }
        WindowTrace.mark("welcome");
        if (welcome.isEmpty()) {
            System.err.println("watchtray: a watchtray window is already open in this session; it was brought to the front");
            feed.close();
            return 0;
        }
        return new WindowMain.Session(env, clock, zone, fx, feed, tray, welcome.get()).run();
    }

    /** One window process's windows, from the welcome to the end. */
    private record Session(Environment env, Clock clock, SystemZone zone, FxRuntime fx, FeedConnection feed, TrayLink tray,
                           FeedMessage.Welcome welcome) {
        int run() {
            List<AutoCloseable> closing = new ArrayList<>();
            AppearanceModel appearance = new AppearanceModel(welcome.settings().appearance().colorScheme());
            // Closed in reverse: the toolkit last, after its windows (popups first, STACK.md).
            closing.add(() -> fx.exit().get(5, TimeUnit.SECONDS));
            // The session bus (for the desktop portal's colour scheme) in the background: the window
            // opens in the setting's or GTK's scheme and follows the portal once it answers.
            CompletableFuture<List<AutoCloseable>> desktop = new CompletableFuture<>();
            Thread.ofPlatform().name("watchtray-desktop-scheme").daemon().start(() -> {
                List<AutoCloseable> opened = new ArrayList<>();
                try {
                    DBusConnection bus = SessionBus.connect(env, () -> { }).orElse(null);
                    WindowTrace.mark("bus");
                    if (bus != null) {
                        opened.add(bus);
                    }
                    opened.add(DesktopColorScheme.follow(bus, env, appearance));
                } finally {
                    desktop.complete(opened);
                }
            });
            closing.add(() -> {
                for (AutoCloseable c : desktop.get(10, TimeUnit.SECONDS).reversed()) {
                    c.close();
                }
            });
            closing.add(tray.listen(s -> appearance.setting(s.appearance().colorScheme())));
            Messages messages = Messages.forEnvironment(zone::current);
            DesktopWindows windows = new DesktopWindows(fx, tray, clock, ExportFolder.of(env), new Themes(appearance),
                    new EventText(messages), zone);
            tray.windows(open -> {
                Runnable shown = () -> feed.send(new FeedMessage.Shown(open.seq()));
                switch (open.target()) {
                    case TIMELINE -> windows.openTimeline(open.at(), shown);
                    case SETTINGS -> windows.openSettings(shown);
                }
            }, windows::settingsProblem);
            // The process ends when its last window closes: a window went and no stage is left (the
            // list holds the windows that show; a stage joins it just before it counts as showing).
            fx.run(() -> Window.getWindows().addListener((ListChangeListener<Window>) c -> {
                boolean removed = false;
                while (c.next()) {
                    removed |= c.wasRemoved();
                }
                if (removed && Window.getWindows().stream().noneMatch(w -> w instanceof Stage)) {
                    LOG.log(Level.DEBUG, "the last window closed");
                    tray.ended().countDown();
                }
            }));
            try {
                fx.started().get(TOOLKIT_START_SECONDS, TimeUnit.SECONDS);
                feed.send(new FeedMessage.Ready());
            } catch (Exception e) {
                Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
                String why = cause instanceof TimeoutException ? "JavaFX did not start within "
                        + TOOLKIT_START_SECONDS + " s" : "JavaFX: " + cause.getMessage();
                if (env.get("DISPLAY").isEmpty() && env.get("WAYLAND_DISPLAY").isEmpty()) {
                    why = messages.text("tray.no_display");
                }
                feed.finish(new FeedMessage.Unavailable(why));
                System.err.println("watchtray: no windows: " + why);
                try {
                    feed.awaitClosed(java.time.Duration.ofSeconds(5));   // the tray hears why before this process ends
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                return 1;
            }
            try {
                tray.awaitEnd();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            windows.close();
            feed.close();
            for (AutoCloseable c : closing.reversed()) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.log(Level.DEBUG, "closing {0}: {1}", c, e.toString());
                }
            }
            return 0;
        }
    }
}
