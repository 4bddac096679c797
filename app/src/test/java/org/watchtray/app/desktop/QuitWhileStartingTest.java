package org.watchtray.app.desktop;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.desktop.dbus.WatchtrayControl;
import org.watchtray.app.testing.DesktopSession;
import org.watchtray.app.wiring.Backend;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.source.EventLoop;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * Quit asked for while the app is still starting: the session name (and with it Quit) is
 * claimed before the sources and the history are up, and with a start of a few hundred
 * milliseconds a Quit from the tray menu or a logout lands there. The app must finish starting,
 * then close everything and end, not lose the quit and keep running.
 */
class QuitWhileStartingTest {
    @TempDir
    Path tmp;

    @Test
    void aQuitDuringStartUpWaitsForItThenClosesEverything() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withWatcher()) {
            Environment env = s.appEnvironment();
            Clock clock = Clock.systemDefaultZone();
            CountDownLatch building = new CountDownLatch(1);
            CountDownLatch quitAsked = new CountDownLatch(1);
            Backend[] backend = new Backend[1];
            DesktopApp.Config config = new DesktopApp.Config(env, clock, (hub, settings) -> {
                building.countDown();
                assertTrue(quitAsked.await(30, TimeUnit.SECONDS));
                backend[0] = new Backend(hub, new EventLoop(NativeAccess.linux().libc(), clock, hub), List.of());
                return backend[0];
            }, "watchtray", ProcessHandle.current().pid(), (ticket, settings) -> Optional.of("no KDC here"),
                    DesktopApp.WindowPlace.OWN_PROCESS);

            CompletableFuture<Optional<DesktopApp>> started = CompletableFuture.supplyAsync(() -> {
                try {
                    return DesktopApp.start(config);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(building.await(30, TimeUnit.SECONDS), "the app got as far as its sources");
            // The name is claimed: the user quits now, while the sources, the tray and the history are still to come.
            s.run(List.of("gdbus", "call", "--address", s.busAddress(), "--dest", WatchtrayControl.BUS_NAME,
                    "--object-path", WatchtrayControl.OBJECT_PATH, "--method", "org.watchtray.Watchtray.Quit"));
            quitAsked.countDown();

            DesktopApp app = started.get(60, TimeUnit.SECONDS).orElseThrow();
            assertTrue(app.awaitQuit(Duration.ofSeconds(30)), "the quit was not lost");
            assertTrue(DesktopSession.eventually(Duration.ofSeconds(10), () -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().startsWith("watchtray-backend"))), "the sources' thread ended");
            DesktopSession.Result owner = s.tryRun(List.of("gdbus", "call", "--address", s.busAddress(), "--dest", "org.freedesktop.DBus",
                    "--object-path", "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.GetNameOwner", WatchtrayControl.BUS_NAME));
            assertNotEquals(0, owner.exit(), "the session name was given up: " + owner);
        }
    }
}
