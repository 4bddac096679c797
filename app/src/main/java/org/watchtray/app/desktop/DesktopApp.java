package org.watchtray.app.desktop;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.watchtray.app.desktop.appearance.AppearanceModel;
import org.watchtray.app.desktop.appearance.DesktopColorScheme;
import org.watchtray.app.desktop.notify.DbusToaster;
import org.watchtray.app.desktop.notify.FxToaster;
import org.watchtray.app.desktop.notify.ToastCenter;
import org.watchtray.app.desktop.notify.ToastContent;
import org.watchtray.app.desktop.notify.ToastPolicy;
import org.watchtray.app.desktop.notify.Toaster;
import org.watchtray.app.desktop.tray.Tray;
import org.watchtray.app.desktop.tray.TrayLook;
import org.watchtray.app.desktop.tray.TrayModel;
import org.watchtray.app.feed.FeedSocket;
import org.watchtray.app.history.HistoryWriter;
import org.watchtray.app.settings.Autostart;
import org.watchtray.app.settings.SettingsFileWatch;
import org.watchtray.app.settings.SettingsService;
import org.watchtray.app.settings.SettingsStore;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.core.time.SystemZone;
import org.watchtray.app.ui.FxRuntime;
import org.watchtray.app.ui.Themes;
import org.watchtray.app.ui.timeline.ExportFolder;
import org.watchtray.app.wiring.Backend;
import org.watchtray.app.wiring.DesktopOutputs;
import org.watchtray.core.os.NativeHeap;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.pipeline.EventFilter;
import org.watchtray.core.pipeline.EventHub;
import org.watchtray.core.pipeline.TimelineFilter;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.XdgPaths;
import org.watchtray.core.source.SourceStatus;

/**
 * The desktop app's composition root: settings, the session bus, one instance per session, the
 * hub with its subscribers (history, tray, toasts, and the window once it exists), the tray
 * icon, and the backend with its sources. Nothing here is global; {@link DesktopMain} builds
 * one from the real environment, tests build one from a private session.
 *
 * <p>It only builds the parts and wires them; each job is a class of its own (the session's
 * name and control object, the tray and toast buttons, the settings problems, the start-up
 * notices). Start order loses no event: the hub and the subscribers that record and show events
 * (tray menu, toasts, history) exist first, so anything found meanwhile (running as root, a
 * broken settings file, held since the settings were read at the very start for the tray's first
 * icon: {@link EarlySettings}) goes to them; the loaded settings are then applied
 * to them (filter, toast rules, retention, colours); the backend is built but not started, and
 * every subscriber is in place before the backend starts its sources.
 */
public final class DesktopApp implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DesktopApp.class.getName());
    /** The .desktop file's name without suffix, for the notification server's app lookup. */
    public static final String DESKTOP_ENTRY = org.watchtray.icons.Icons.APP_ICON_NAME;

    /** Builds the backend (poller and sources, feeding the app's hub) for these settings without starting it ({@code Wiring::backend}). */
    @FunctionalInterface
    public interface BackendFactory {
        Backend build(EventHub hub, Settings settings) throws Exception;
    }

    /** Renews a Kerberos ticket; blocks while the KDC answers. */
    public interface Renewal {
        /**
         * @return empty when renewed (the Kerberos source then reports the new ticket), else why
         *         not, in one line for the user
         */
        Optional<String> renew(CredentialEvent ticket, Settings current);

        /** Whether renewing can work here at all (no "Renew" button otherwise). */
        default boolean available() {
            return true;
        }
    }

    /** Where the windows run. */
    public enum WindowPlace {
        /** In a window process of their own, started on demand ({@link WindowProcess}): the app's way. */
        OWN_PROCESS,
        /** In the tray's JVM ({@link DesktopWindows}): for tests that look at the whole app's scene graph in one process. */
        TRAY_PROCESS
    }

    /**
     * @param launcher the {@code watchtray} launcher written into the autostart entry
     * @param renewal  how "Renew" works here
     */
    public record Config(Environment environment, Clock clock, BackendFactory backend, String launcher, long pid,
                         Renewal renewal, WindowPlace windowPlace, NativeHeap nativeHeap, SystemZone zone) {
        /** In a zone that does not change, {@code clock}'s (tests, the training runs). */
        public Config(Environment environment, Clock clock, BackendFactory backend, String launcher, long pid,
                      Renewal renewal, WindowPlace windowPlace, NativeHeap nativeHeap) {
            this(environment, clock, backend, launcher, pid, renewal, windowPlace, nativeHeap, SystemZone.fixed(clock.getZone()));
        }

        /** Without giving the C heap back (tests). */
        public Config(Environment environment, Clock clock, BackendFactory backend, String launcher, long pid,
                      Renewal renewal, WindowPlace windowPlace) {
            this(environment, clock, backend, launcher, pid, renewal, windowPlace, NativeHeap.NONE);
        }
    }

    /**
     * How long after start-up the C heap is given back: by then the start-up's threads are done and
     * the VM's chunk pools, emptied every 5 s, have returned their compiler arenas to malloc. One
     * shot, no timer while idle.
     */
    static final Duration TRIM_AFTER_START = Duration.ofSeconds(15);
    /** The same after a window process went: its feed threads are gone; within issue 10's 10 s. */
    static final Duration TRIM_AFTER_WINDOW = Duration.ofSeconds(6);

    /** The English texts that watchtray's own status records keep (the history and journal keep English; the app translates). */
    private static final Messages ENGLISH = Messages.english(java.time.ZoneOffset.UTC);

    private final Config config;
    private final CountDownLatch quit = new CountDownLatch(1);
    /** Counted down when start-up has finished or failed (see {@link #requestQuit()}). */
    private final CountDownLatch startedUp = new CountDownLatch(1);
    /** Counted down when dbus-java reports the session bus gone. */
    private final CountDownLatch busGone = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Closer> closing = new ArrayList<>();
    private final ScheduledExecutorService timer = idleTimer();
    private final FxRuntime fx = new FxRuntime();
    private volatile EventHub hub;
    private volatile Windows windows;
    private DBusConnection bus;
    private volatile Tray tray;
    private volatile Backend backend;
    private volatile SettingsService settingsService;
    /** The user's language, from the environment's locale; the same for the app's whole life. */
    private Messages messages;
    private EventText words;
    private final XdgPaths paths;
    private volatile boolean busLost;
    /** The notification server's toaster, told when the bus has gone; null without a bus. */
    private volatile DbusToaster notificationServer;

    private DesktopApp(Config config) {
        this.config = config;
        this.paths = new XdgPaths(config.environment());
    }

    /**
     * Starts the app, or, when another instance owns the session's name, asks it to show its
     * timeline and returns empty.
     */
    public static Optional<DesktopApp> start(Config config) throws Exception {
        DesktopApp app = new DesktopApp(config);
        try {
            return app.run() ? Optional.of(app) : Optional.empty();
        } catch (Exception | Error e) {
            if (app.lostBusDuringStart(e)) {
                // The session is ending under the start-up: not a failure of watchtray's, and systemd
                // is to start it again with the next bus (exit 75), as when the bus goes later.
                LOG.log(Level.WARNING, "the session bus went away during start-up ({0}); watchtray ends with exit {1}",
                        e.toString(), EXIT_BUS_LOST);
                app.busLost = true;
                app.close();
                return Optional.of(app);
            }
            app.close();
            throw e;
        } finally {
            app.startedUp.countDown();
        }
    }

    /** How long a failed start-up waits for dbus-java to notice a bus whose call just failed (it notices on its reader thread). */
    static final Duration BUS_LOSS_NOTICED_WITHIN = Duration.ofSeconds(2);

    /**
     * Whether a start-up step failed because the session bus went away under it. dbus-java fails
     * a call on a connection it is tearing down with an unchecked RejectedExecutionException or
     * DBusExecutionException, possibly before its reader thread has reported end-of-stream; such a
     * failure waits (bounded) for that report. Anything else is a real failure (exit 1).
     */
    private boolean lostBusDuringStart(Throwable failure) {
        if (bus == null) {
            return false;
        }
        if (busLost || !bus.isConnected()) {
            return true;
        }
        boolean busKind = failure instanceof java.util.concurrent.RejectedExecutionException
                || failure instanceof org.freedesktop.dbus.exceptions.DBusExecutionException
                || failure instanceof DBusException;
        if (!busKind) {
            return false;
        }
        try {
            return busGone.await(BUS_LOSS_NOTICED_WITHIN.toMillis(), TimeUnit.MILLISECONDS) || !bus.isConnected();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The start-up steps, in order: each subscriber that records or shows events exists before
     * anything has something to say, the settings included (what they find while loading reaches
     * the timeline and a toast at once); the backend starts its sources last.
     */
    private boolean run() throws Exception {
        language();
        hub = new EventHub(EventFilter.ACCEPT_ALL);
        EarlySettings early = EarlySettings.read(paths, config.clock());
        if (!claimSession()) {
            return false;
        }
        TrayParts trayParts = startTray(early.settings());
        ToastCenter toasts = startToasts(trayParts);
        DesktopHistory history = openHistory(toasts);
        Shown shown = new Shown(trayParts, toasts, history);
        Loaded loaded = loadSettings(shown, early);
        Backend b = buildBackend(loaded);
        followSettingsFile(loaded.service(), loaded.store());
        windows = openWindows(shown, loaded, b);
        DesktopOutputs outputs = startOutputs(loaded, b);
        applySettingsLive(shown, loaded.service(), b, outputs);
        startSources(b, trayParts);
        return true;
    }

    /**
     * The tray menu, the tray icon and the colours. The tray comes first, already in the user's
     * icon style (the settings were read while the bus connected; the history's SQLite opens
     * after it: docs/idle.md).
     *
     * @param tray null when nothing shows a tray icon
     */
    private record TrayParts(TrayModel model, Tray tray, AppearanceModel appearance, Themes themes, DoNotDisturb dnd) {
    }

    /** What records and shows events: subscribed to the hub before anything has something to say. */
    private record Shown(TrayParts tray, ToastCenter toasts, DesktopHistory history) {
    }

    /** The settings as loaded, where they are kept, and where their problems go. */
    private record Loaded(Settings settings, SettingsStore store, SettingsService service, SettingsProblems problems) {
    }

    /**
     * The user's language, from the environment's locale; the same for the app's whole life. Times
     * are in the clock's zone at each text: the system's as it changes (DesktopMain's clock).
     */
    private void language() {
        messages = Messages.forEnvironment(config.clock()::getZone);
        words = new EventText(messages);
    }

    /** The tray, its first icon drawn in the user's icon style: one icon, no switch from the built-in one. */
    private TrayParts startTray(Settings read) {
        TrayModel trayModel = trayModel();
        closeAtExit(hub.subscribe("tray", trayModel));
        AppearanceModel appearance = new AppearanceModel(read.appearance().colorScheme());
        closeOnBusAtExit(DesktopColorScheme.follow(bus, config.environment(), appearance));
        DoNotDisturb dnd = new DoNotDisturb(config.clock(), timer);
        Tray t = TrayStart.start(bus, trayModel, new TrayMenuActions(this::windows, dnd, this::requestQuit), words, config.pid(),
                new TrayLook(read.appearance().trayIcon(), appearance.desktop().current()));
        // The menu's and tooltip's times are drawn again in the new zone (the clock and the words follow it already).
        closeAtExit(config.zone().listen(z -> trayModel.zoneChanged()));
        return new TrayParts(trayModel, t, appearance, new Themes(appearance), dnd);
    }

    /** The toasts, in the built-in rules until the settings are read; do-not-disturb holds them and marks the tray. */
    private ToastCenter startToasts(TrayParts trayParts) throws DBusException {
        EventHub h = hub;
        ToastCenter center = toastCenter(Settings.defaults(), trayParts.themes(), new ToastActions(this::windows, config.renewal(),
                () -> settingsService, () -> backend, h::publish, config.clock()));
        closeAtExit(h.subscribe("toasts", center));
        trayParts.dnd().listen(until -> {
            trayParts.model().doNotDisturbUntil(until);
            center.doNotDisturbUntil(until);
        });
        return center;
    }

    /** The history file, subscribed to the hub; then the warning when running as root, which it records. */
    private DesktopHistory openHistory(ToastCenter toasts) {
        DesktopHistory history = DesktopHistory.open(paths.historyFile(), config.clock(), hub, toasts);
        closeAtExit(history);
        RootUser.warning(config.clock(), ENGLISH).ifPresent(hub::publish);
        return history;
    }

    /**
     * Takes the settings read at the start (their problems now go to the timeline and a toast)
     * and applies them to what shows events.
     */
    private Loaded loadSettings(Shown shown, EarlySettings early) throws InterruptedException {
        SettingsProblems problems = new SettingsProblems(hub::publish, shown.toasts(), config.clock(), messages, this::windows);
        early.releaseProblemsTo(problems);
        SettingsStore store = early.store();
        Settings settings = early.settings();
        hub.setFilter(TimelineFilter.from(settings));
        shown.toasts().settings(settings);
        AppearanceModel appearance = shown.tray().appearance();
        appearance.setting(settings.appearance().colorScheme());
        shown.history().start(settings.history());
        if (shown.tray().tray() != null) {
            shown.tray().tray().look(new TrayLook(settings.appearance().trayIcon(), appearance.desktop().current()));
        }
        SettingsService service = new SettingsService(store, settings, new Autostart(paths, config.launcher()), problems);
        settingsService = service;
        return new Loaded(settings, store, service, problems);
    }

    /** The backend for these settings, built but not started. */
    private Backend buildBackend(Loaded loaded) throws Exception {
        Backend b = config.backend().build(hub, loaded.settings());
        backend = b;
        return b;
    }

    /** The windows (in their own process or this one), served what the tray host knows; then the history's start-up notices. */
    private Windows openWindows(Shown shown, Loaded loaded, Backend b) {
        DesktopHistory history = shown.history();
        TrayModel trayModel = shown.tray().model();
        TrayHost host = new TrayHost(hub, history.writer(), history.store(), history.file(), () -> {
            List<SourceStatus> all = new ArrayList<>(b.statuses());
            all.add(history.status());
            return all;
        }, trayModel::acknowledge, loaded.service(), config.zone());
        Windows w = switch (config.windowPlace()) {
            case OWN_PROCESS -> windowProcess(host, trayModel);
            case TRAY_PROCESS -> new DesktopWindows(fx, host, config.clock(), ExportFolder.of(config.environment()), shown.tray().themes(), words,
                    config.zone());
        };
        history.notices().forEach(hub::publish);
        return w;
    }

    /** The outputs (journal, hooks, ...) for the loaded settings; then the problems of their hooks. */
    private DesktopOutputs startOutputs(Loaded loaded, Backend b) {
        DesktopOutputs outputs = DesktopOutputs.start(hub, loaded.settings(), config.environment(), config.clock(), b::publishLater);
        closeAtExit(outputs);
        loaded.store().hookProblems(loaded.settings()).forEach(loaded.problems());
        return outputs;
    }

    /** New settings apply to everything at once; the desktop's colour scheme to the tray icon. */
    private void applySettingsLive(Shown shown, SettingsService service, Backend b, DesktopOutputs outputs) {
        AppearanceModel appearance = shown.tray().appearance();
        HistoryWriter writer = shown.history().writer();
        service.listen(s -> {
            b.apply(s);
            shown.toasts().settings(s);
            writer.setRetention(s.history());
            outputs.apply(s);
            appearance.setting(s.appearance().colorScheme());
            relook(s, appearance);
        });
        appearance.desktop().listen(p -> relook(service.current(), appearance));
    }

    /** Every subscriber is in place: the sources start, and the tray (or, without one, the timeline) is shown. */
    private void startSources(Backend b, TrayParts trayParts) {
        b.start();
        tray = trayParts.tray();
        relook(settingsService.current(), trayParts.appearance());   // the desktop's scheme may have arrived while the tray started
        if (trayParts.tray() == null) {
            noTray(hub);
        } else {
            LOG.log(Level.INFO, "tray: {0}", trayParts.tray().describe());
        }
        trimNativeHeapAfter(TRIM_AFTER_START);
    }

    /** The session bus, and this session's one instance: false when another instance has the name (it shows its timeline). */
    private boolean claimSession() throws DBusException {
        bus = SessionBus.connect(config.environment(), this::busLost).orElse(null);
        return bus == null || SessionName.claim(bus, new SessionControl(this::windows, this::requestQuit));
    }

    /** Without a tray icon the timeline opens at once, and says why. */
    private void noTray(EventHub h) {
        h.publish(new SourceStatusEvent(config.clock().instant(), new SourceStatus(SourceId.META, SourceStatus.State.DEGRADED,
                ENGLISH.text("phrase.app.no_tray"), ENGLISH.text("phrase.app.no_tray.why"))));
        windows.openTimeline(null);
    }

    /** The tray menu's model; without a display (or JavaFX, for windows in this process) it says no window can open. */
    private TrayModel trayModel() {
        TrayModel model = new TrayModel(5);
        noDisplay().ifPresent(model::windowsUnavailable);
        if (config.windowPlace() == WindowPlace.TRAY_PROCESS) {
            fx.started().whenComplete((started, failure) -> {
                if (failure != null) {
                    model.windowsUnavailable(messages.format("tray.no_windows", failure.getMessage()));
                }
            });
        }
        return model;
    }

    /** The toasts: through the notification server when the session has a bus, else (and when it goes away) inside the app. */
    private ToastCenter toastCenter(Settings settings, Themes themes, ToastCenter.Actions actions) throws DBusException {
        Clock clock = config.clock();
        List<Toaster> toasters = new ArrayList<>();
        DbusToaster server = null;
        if (bus != null) {
            server = new DbusToaster(bus, "watchtray", DESKTOP_ENTRY);
            notificationServer = server;
            closeOnBusAtExit(server);
            toasters.add(server);
        }
        toasters.add(new FxToaster(fx, themes, messages));
        ToastCenter center = ToastCenter.start(new ToastPolicy(settings, ToastPolicy.Limits.DEFAULT, clock::getZone,
                new ToastContent(words)), toasters, actions, clock);
        if (server != null) {
            server.onServerAppeared(center::serverAppeared);
        }
        closeAtExit(center);
        return center;
    }

    /** Edits to the settings file apply while the app runs. */
    private void followSettingsFile(SettingsService settingsService, SettingsStore store) {
        try {
            closeAtExit(new SettingsFileWatch(settingsService, store.file(),
                    (delay, task) -> timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
                    SettingsFileWatch.QUIET, SettingsFileWatch.SETTLE).start());
        } catch (IOException e) {
            // Without the watch, edits to the file apply at the next start; the app itself is fine.
            LOG.log(Level.WARNING, "cannot follow changes to {0}: {1}", store.file(), e.toString());
        }
    }

    /** The window process's supervisor, serving the feed at the session's socket; the tray menu hears why when it cannot start. */
    private Windows windowProcess(TrayHost host, TrayModel trayModel) {
        Optional<String> noDisplay = noDisplay();
        WindowProcess w = WindowProcess.start(host, FeedSocket.path(paths), WindowProcess::launch,
                why -> trayModel.windowsUnavailable(noDisplay.orElseGet(() -> messages.format("tray.no_windows", why))), timer,
                () -> trimNativeHeapAfter(TRIM_AFTER_WINDOW));
        noDisplay.ifPresent(w::unavailable);
        return w;
    }

    /** Gives the C heap's free pages back {@code delay} from now (memory: docs/idle.md). */
    private void trimNativeHeapAfter(Duration delay) {
        try {
            timer.schedule(() -> {
                long t0 = System.nanoTime();
                boolean returned = config.nativeHeap().trim();
                LOG.log(Level.DEBUG, "malloc_trim: {0} in {1} ms", returned ? "memory returned" : "nothing returned",
                        (System.nanoTime() - t0) / 1_000_000);
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closing: nothing to give back for.
        }
    }

    /** Why no window can open here, when there is no display at all. */
    private Optional<String> noDisplay() {
        return config.environment().get("DISPLAY").isEmpty() && config.environment().get("WAYLAND_DISPLAY").isEmpty()
                ? Optional.of(messages.text("tray.no_display")) : Optional.empty();
    }

    /** The tray icon's style comes from the settings, its ink from the desktop's scheme (the panel's, not watchtray's windows'). */
    private void relook(Settings s, AppearanceModel appearance) {
        Tray t = tray;
        if (t != null) {
            t.look(new TrayLook(s.appearance().trayIcon(), appearance.desktop().current()));
        }
    }

    /** Blocks until the user quits (tray menu, D-Bus Quit). */
    public void awaitQuit() throws InterruptedException {
        quit.await();
    }

    /** As {@link #awaitQuit()}, for at most {@code timeout}: whether the app has ended. */
    public boolean awaitQuit(Duration timeout) throws InterruptedException {
        return quit.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the app has ended and closed everything (at once after a start-up the session bus went away during). */
    public boolean ended() {
        return quit.getCount() == 0;
    }

    /**
     * 0 after the user's Quit; {@value #EXIT_BUS_LOST} (EX_TEMPFAIL) when the session bus went
     * away under it. The app closes cleanly either way, but only the second is a failure to
     * systemd, so the user unit's {@code Restart=on-failure} starts it again when the bus comes
     * back (at logout the unit is stopped by systemd itself, which restarts nothing).
     */
    public int exitStatus() {
        return busLost ? EXIT_BUS_LOST : 0;
    }

    public static final int EXIT_BUS_LOST = 75;

    /** What is showing the tray icon, or null when nothing is. */
    public Tray tray() {
        return tray;
    }

    public EventHub hub() {
        return hub;
    }

    public Windows windows() {
        return windows;
    }

    /** The JavaFX runtime (for the whole-app tests, which look at its pulse timer). */
    FxRuntime fx() {
        return fx;
    }

    /**
     * Stops everything; the windows first, the FX toolkit last (after its popups are gone).
     * Idempotent. Each step is on its own: one that fails (dbus-java, for one, throws unchecked
     * exceptions from a connection it is tearing down) is logged and the next still runs, so the
     * history is always closed and {@link #awaitQuit()} always returns. After the session bus has
     * gone nothing is said on it any more: its names, match rules and toasts went with it, and a
     * call on a connection dbus-java is still tearing down waits 20 s for a reply that never comes.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            boolean busGone = busLost;
            if (busGone) {
                notificationServerGone();
            }
            Windows w = windows;
            if (w != null) {
                step("the windows", w::close);
            }
            Tray t = tray;
            if (t != null && !(busGone && t.onSessionBus())) {
                step("the tray icon", t::close);
            }
            Backend b = backend;
            if (b != null) {
                step("the backend", b::close);
            }
            for (Closer c : closing.reversed()) {
                if (!(busGone && c.onBus())) {
                    step(c.part().toString(), c.part());
                }
            }
            timer.shutdownNow();
            step("the FX toolkit", () -> fx.exit().get(5, TimeUnit.SECONDS));
            if (bus != null && !busGone) {
                step("the session bus connection", bus::close);
            }
        } finally {
            quit.countDown();
        }
    }

    /** One thing to close at exit; {@code onBus}: it only tidies up on the session bus (names, match rules, exported objects). */
    private record Closer(AutoCloseable part, boolean onBus) {
    }

    private void closeAtExit(AutoCloseable part) {
        closing.add(new Closer(part, false));
    }

    private void closeOnBusAtExit(AutoCloseable part) {
        closing.add(new Closer(part, true));
    }

    /** Closes one part; a failure is logged and does not stop the parts after it. */
    private static void step(String what, AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "closing {0} failed: {1}", what, e.toString());
        }
    }

    /**
     * The session bus went away under the app (called on dbus-java's reader thread as its
     * connection notices end-of-stream): the app ends, with {@link #EXIT_BUS_LOST}.
     */
    private void busLost() {
        busLost = true;
        busGone.countDown();
        notificationServerGone();
        requestQuit();
    }

    /** Toasts stop going to (and being withdrawn from) a notification server that has gone with the bus. */
    private void notificationServerGone() {
        DbusToaster server = notificationServer;
        if (server != null) {
            server.busGone();
        }
    }

    private void requestQuit() {
        // Not on the caller's thread: a D-Bus call that closes its own connection makes the caller see NoReply.
        // And not before start-up has finished: the tray item (and its Quit) is up before the history
        // and the sources, and closing while run() still opens them lost the quit and kept them running.
        Thread.ofPlatform().name("watchtray-quit").start(() -> {
            try {
                startedUp.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            close();
        });
    }

    /**
     * The desktop's one timer thread. A cancelled deadline (a window process that answered in
     * time) leaves the queue at once: by default it would stay queued and wake the idle thread
     * when it falls due, only to be skipped.
     */
    private static ScheduledExecutorService idleTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "watchtray-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
