package org.watchtray.app.desktop;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import org.watchtray.app.wiring.FollowedZone;
import org.watchtray.app.wiring.Wiring;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.time.SystemZone;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * {@code watchtray} with no arguments: the tray app for this desktop session, built from the
 * real environment. {@link #run} returns when the user quits (or at once, with 0, when another
 * instance already runs in this session and was asked to show its timeline).
 */
public final class DesktopMain {
    private static final System.Logger LOG = System.getLogger(DesktopMain.class.getName());
    /** Held so the level set on it is not lost when the logger is garbage collected. */
    private static final Logger DBUS_LOG = Logger.getLogger("org.freedesktop.dbus");

    private DesktopMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tray app; the exit status to return to the shell. */
    public static int run(String[] args) {
        // dbus-java announces every connection at INFO; only its warnings matter to a user.
        DBUS_LOG.setLevel(java.util.logging.Level.WARNING);
        Environment env = Environment.current();
        // The app's clock answers the system's zone as it changes: toasts, the tray and the history's texts follow it.
        try (FollowedZone zone = FollowedZone.start(NativeAccess.linux().libc(), env)) {
            return run(config(env, zone.zone()));
        }
    }

    private static int run(DesktopApp.Config config) {
        DesktopApp app;
        try {
            Optional<DesktopApp> started = DesktopApp.start(config);
            if (started.isEmpty()) {
                return 0;
            }
            app = started.get();
        } catch (Exception e) {
            System.err.println("watchtray: " + org.watchtray.app.text.Messages.forEnvironment(config.clock().getZone()).format("app.cannot_start", e.getMessage()));
            LOG.log(Level.DEBUG, "start failed", e);
            return 1;
        }
        if (app.ended()) {
            return app.exitStatus();   // the session bus went during start-up: the app has already ended (logged)
        }
        ProcessHandle.current().info().startInstant().ifPresent(t ->
                LOG.log(Level.INFO, "watchtray is running ({0} ms after start)", Duration.between(t, Instant.now()).toMillis()));
        Thread hook = new Thread(app::close, "watchtray-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            app.awaitQuit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // SIGTERM: the hook itself closed the app and woke awaitQuit; the JVM is already exiting.
        }
        return app.exitStatus();
    }

    /** The app's configuration in this environment: the real sources, this launcher, libkrb5 for Renew. */
    static DesktopApp.Config config(Environment env, Clock clock) {
        return config(env, clock, SystemZone.fixed(clock.getZone()));
    }

    /** In the system's zone as it changes: the app's clock follows it. */
    static DesktopApp.Config config(Environment env, SystemZone zone) {
        return config(env, zone.clock(), zone);
    }

    private static DesktopApp.Config config(Environment env, Clock clock, SystemZone zone) {
        NativeAccess nativeAccess = NativeAccess.linux();
        return new DesktopApp.Config(env, clock,
                (hub, settings) -> Wiring.backend(nativeAccess, hub, settings, env, clock),
                launcher(), ProcessHandle.current().pid(), new KerberosRenewal(nativeAccess.kerberos(env, clock)),
                DesktopApp.WindowPlace.OWN_PROCESS, nativeAccess.nativeHeap(), zone);
    }

    /** The launcher to put in the autostart entry: this checkout's bin/watchtray, else the one on PATH. */
    static String launcher() {
        String home = System.getProperty("watchtray.home");
        return home == null ? "watchtray" : Path.of(home, "bin", "watchtray").toString();
    }
}
