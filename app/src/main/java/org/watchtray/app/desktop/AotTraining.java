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
 * history), quits it, then runs {@code watchtray status}. Everything happens in a throwaway
 * home with a private bus: dbus-java's embedded daemon and a stand-in StatusNotifierWatcher, so
 * the run needs no desktop, shows nothing, and can run at build and at package time. No
 * notification server is on that bus and no event is toasted, so JavaFX is never started
 * (it loads when a window or an in-app toast is first needed, and is not in the cache).
 */
public final class AotTraining {
    private static final long TIMEOUT_SECONDS = 30;
    private static final int ATTEMPTS = 3;

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Path home = Files.createTempDirectory("watchtray-aot-training");
            try {
                train(home);
                break;
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
        // Threads of the app's libraries (dbus-java's) may linger; the cache is written at exit.
        System.exit(0);
    }

    private static void train(Path home) throws Exception {
        Path socket = home.resolve("bus");
        String address = "unix:path=" + socket;
        Environment env = new Environment(Map.of(
                "DBUS_SESSION_BUS_ADDRESS", address,
                "XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_STATE_HOME", home.resolve("state").toString(),
                "XDG_CACHE_HOME", home.resolve("cache").toString(),
                "XDG_RUNTIME_DIR", home.toString(),
                "KRB5CCNAME", "FILE:" + home.resolve("krb5cc")), home);
        Clock clock = Clock.systemDefaultZone();
        try (EmbeddedDBusDaemon daemon = new EmbeddedDBusDaemon(address + ",listen=true")) {
            daemon.startInBackgroundAndWait(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            try (DBusConnection watcherBus = DBusConnectionBuilder.forAddress(address).withShared(false).build()) {
                Watcher watcher = new Watcher();
                watcherBus.exportObject(StatusNotifierWatcher.OBJECT_PATH, watcher);
                watcherBus.requestBusName(StatusNotifierWatcher.BUS_NAME);
                Optional<DesktopApp> app = DesktopApp.start(DesktopMain.config(env, clock));
                try {
                    if (app.isEmpty() || !watcher.registered.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the tray item did not register with the stand-in watcher");
                    }
                } finally {
                    app.ifPresent(DesktopApp::close);
                }
            }
        }
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        CliContext context = new CliContext(env, clock, problems ->
                SettingsStore.forUser(new XdgPaths(env), clock, p -> problems.println(p.message())).load());
        WatchtrayCommand.commandLine(context, desktopArgs -> 0).setOut(discard).setErr(discard).execute("status");
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
