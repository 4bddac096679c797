package org.watchtray.app.desktop;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.freedesktop.dbus.bin.EmbeddedDBusDaemon;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.watchtray.app.cli.CliContext;
import org.watchtray.app.cli.WatchtrayCommand;
import org.watchtray.app.desktop.dbus.StatusNotifierWatcher;
import org.watchtray.app.settings.SettingsStore;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.XdgPaths;

/**
 * The workload of the training run that makes the ahead-of-time cache (JEPs 483, 514, 515):
 * {@code java -XX:AOTCacheOutput=FILE <the launcher's options> -m org.watchtray.app/org.watchtray.app.desktop.AotTraining}.
 * The JVM records the classes this run loads and links (and the methods it profiles) and writes
 * them to the cache when it exits; a later start with {@code -XX:AOTCache=FILE} and the same
 * JVM and module path finds them ready.
 *
 * <p>It starts the tray app as a login does (settings, session bus, sources, tray item,
 * history), quits it, runs the idle tray's polls ({@link PollTraining}), then runs
 * {@code watchtray status}. Everything happens in a throwaway
 * home with a private bus: dbus-java's embedded daemon and a stand-in StatusNotifierWatcher, so
 * the run needs no desktop, shows nothing, and can run at build and at package time. No
 * notification server is on that bus and no event is toasted, so JavaFX is never started
 * (it loads when a window or an in-app toast is first needed, and is not in the cache).
 */
public final class AotTraining {
    static final long TIMEOUT_SECONDS = 30;
    private static final int ATTEMPTS = 3;

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        attempts(home -> {
            Environment env = environment(home, Map.of());
            withTray(env, () -> { });
            PollTraining.run(home, env);
            PrintWriter discard = new PrintWriter(Writer.nullWriter());
            CliContext context = new CliContext(env, Clock.systemDefaultZone(), problems ->
                    SettingsStore.forUser(new XdgPaths(env), Clock.systemDefaultZone(), p -> problems.println(p.message())).load());
            WatchtrayCommand.commandLine(context, desktopArgs -> 0).setOut(discard).setErr(discard).execute("status");
        });
        // Threads of the app's libraries (dbus-java's) may linger; the cache is written at exit.
        System.exit(0);
    }

    /** A training workload in a throwaway home. */
    @FunctionalInterface
    interface Workload {
        void run(Path home) throws Exception;

        /** What runs while the tray app runs. */
        @FunctionalInterface
        interface During {
            void run() throws Exception;
        }
    }

    /** Runs {@code workload} in a fresh throwaway home, again (up to {@value #ATTEMPTS} times) when it fails. */
    static void attempts(Workload workload) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Path home = Files.createTempDirectory("watchtray-aot-training");
            try {
                workload.run(home);
                return;
            } catch (Exception e) {
                // dbus-java's embedded daemon, the stand-in bus, sometimes drops every connection
                // on a busy machine ("Connection reset" in its accept thread); the app then sees
                // its session end. Not the app's fault: the workload runs again on a fresh bus.
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                System.err.println("watchtray training: attempt " + attempt + " failed (" + e.getMessage() + "); again");
            } finally {
                deleteTree(home);
            }
        }
    }

    /** A session of its own in {@code home}: private bus address and XDG directories, plus {@code more} variables. */
    static Environment environment(Path home, Map<String, String> more) {
        Map<String, String> vars = new java.util.HashMap<>(more);
        // gsettings (GtkColorScheme runs it) with the memory backend: dconf's would talk to the
        // stand-in bus, and dbus-java's embedded daemon dies of glib's authentication ("Connection
        // reset" in its accept thread), which ended the app's session under the training.
        vars.put("GSETTINGS_BACKEND", "memory");
        vars.putAll(Map.of(
                "DBUS_SESSION_BUS_ADDRESS", "unix:path=" + home.resolve("bus"),
                "XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_STATE_HOME", home.resolve("state").toString(),
                "XDG_CACHE_HOME", home.resolve("cache").toString(),
                "XDG_RUNTIME_DIR", home.toString(),
                "KRB5CCNAME", "FILE:" + home.resolve("krb5cc")));
        return new Environment(vars, home);
    }

    /**
     * Runs {@code during} while the tray app runs as a login starts it (settings, session bus,
     * sources, tray item, history) in {@code env}, on dbus-java's embedded daemon with a stand-in
     * StatusNotifierWatcher; then quits the app.
     */
    static void withTray(Environment env, Workload.During during) throws Exception {
        String address = env.get("DBUS_SESSION_BUS_ADDRESS").orElseThrow();
        try (EmbeddedDBusDaemon daemon = new EmbeddedDBusDaemon(address + ",listen=true")) {
            daemon.startInBackgroundAndWait(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            try (DBusConnection watcherBus = DBusConnectionBuilder.forAddress(address).withShared(false).build()) {
                Watcher watcher = new Watcher();
                watcherBus.exportObject(StatusNotifierWatcher.OBJECT_PATH, watcher);
                watcherBus.requestBusName(StatusNotifierWatcher.BUS_NAME);
                Optional<DesktopApp> app = DesktopApp.start(DesktopMain.config(env, Clock.systemDefaultZone()));
                try {
                    if (app.isEmpty() || !watcher.registered.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the tray item did not register with the stand-in watcher");
                    }
                    during.run();
                } finally {
                    app.ifPresent(DesktopApp::close);
                }
            }
        }
    }

    /** A StatusNotifierWatcher that only takes note of the registration. */
    private static final class Watcher implements StatusNotifierWatcher {
        final CountDownLatch registered = new CountDownLatch(1);

        @Override
        public void RegisterStatusNotifierItem(String service) {
            registered.countDown();
        }

        @Override
        public String getObjectPath() {
            return OBJECT_PATH;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
