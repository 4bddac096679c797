package org.watchtray.app.desktop;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.DesktopSession;
import org.watchtray.app.wiring.Backend;
import org.watchtray.core.pipeline.EventHub;
import org.watchtray.core.source.EventLoop;
import org.watchtray.core.source.Poller;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * How the app ends, in this JVM on a private session bus with a StatusNotifierWatcher: every
 * part is closed even when one of them fails to, so the history is always closed and the app
 * always ends. dbus-java, for one, throws an unchecked RejectedExecutionException from a call
 * made while it tears down a connection whose bus went away; that once stopped the app's
 * closing halfway and left a tray running without its bus.
 */
class AppEndingTest {
    /** A positive wait, long enough for a loaded machine. */
    private static final Duration ENDS_WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void aPartThatFailsToCloseDoesNotKeepTheRestOpen() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withWatcher()) {
            AtomicBoolean backendClosed = new AtomicBoolean();
            DesktopApp app = DesktopApp.start(config(s, backendClosed)).orElseThrow();
            assertTrue(Files.exists(running()), "the history is open");

            assertDoesNotThrow(app::close);

            assertTrue(backendClosed.get());
            assertTrue(app.awaitQuit(ENDS_WITHIN), "Quit is not lost");
            assertFalse(Files.exists(running()), "the history was closed after the backend failed to close");
            DesktopSession.Result owner = s.tryRun(List.of("gdbus", "call", "--address", s.busAddress(), "--dest", "org.freedesktop.DBus",
                    "--object-path", "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.GetNameOwner",
                    "org.watchtray.Watchtray"));
            assertNotEquals(0, owner.exit(), "the session name was given up: " + owner);
            assertEquals(0, app.exitStatus());
        }
    }

    @Test
    void theBusGoingAwayEndsTheAppEvenWhenAPartFailsToClose() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withWatcher()) {
            AtomicBoolean backendClosed = new AtomicBoolean();
            DesktopApp app = DesktopApp.start(config(s, backendClosed)).orElseThrow();
            assertTrue(app.tray().onSessionBus(), "a StatusNotifierItem: " + app.tray().describe());

            s.stopBus();

            assertTrue(app.awaitQuit(ENDS_WITHIN), "a session bus gone ends the app");
            assertTrue(backendClosed.get());
            assertFalse(Files.exists(running()), "the history was closed");
            assertEquals(DesktopApp.EXIT_BUS_LOST, app.exitStatus());
        }
    }

    @Test
    void theBusGoingAwayDuringStartUpEndsTheAppWithTheBusLostStatus() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withWatcher()) {
            Clock clock = Clock.systemDefaultZone();
            // Start-up held where it builds the backend (the tray, toasts and history are up): the bus
            // goes, and the next step fails the way a call on dbus-java's dying connection does.
            DesktopApp.Config config = new DesktopApp.Config(s.appEnvironment(), clock, (hub, settings) -> {
                assertTrue(Files.exists(running()), "the history is open");
                s.stopBus();
                throw new RejectedExecutionException("rejected, as by dbus-java's sender torn down with its connection");
            }, "watchtray", ProcessHandle.current().pid(), (ticket, settings) -> Optional.of("no KDC here"),
                    DesktopApp.WindowPlace.OWN_PROCESS);

            DesktopApp app = DesktopApp.start(config).orElseThrow();

            assertTrue(app.ended(), "the app has ended when start returns");
            assertFalse(Files.exists(running()), "the history was closed");
            assertEquals(DesktopApp.EXIT_BUS_LOST, app.exitStatus());
        }
    }

    @Test
    void aStartUpFailureWithTheBusStillThereIsAFailure() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withWatcher()) {
            DesktopApp.Config config = new DesktopApp.Config(s.appEnvironment(), Clock.systemDefaultZone(), (hub, settings) -> {
                throw new RejectedExecutionException("rejected by something other than the bus");
            }, "watchtray", ProcessHandle.current().pid(), (ticket, settings) -> Optional.of("no KDC here"),
                    DesktopApp.WindowPlace.OWN_PROCESS);

            assertThrows(RejectedExecutionException.class, () -> DesktopApp.start(config));
            assertFalse(Files.exists(running()), "the history was closed");
        }
    }

    private Path running() {
        return tmp.resolve("state/watchtray/history.db.running");
    }

    /** The app on the session, with no sources and a backend that closes and then throws, as dbus-java can. */
    private static DesktopApp.Config config(DesktopSession s, AtomicBoolean backendClosed) {
        Clock clock = Clock.systemDefaultZone();
        return new DesktopApp.Config(s.appEnvironment(), clock, (EventHub hub, org.watchtray.core.settings.Settings settings) ->
                new Backend(hub, new FailingToClose(new EventLoop(NativeAccess.linux().libc(), clock, hub), backendClosed), List.of()),
                "watchtray", ProcessHandle.current().pid(), (ticket, settings) -> Optional.of("no KDC here"),
                DesktopApp.WindowPlace.OWN_PROCESS);
    }

    /** The real backend loop, whose close does its work and then throws the way a dbus-java call being torn down does. */
    private record FailingToClose(Poller loop, AtomicBoolean closed) implements Poller {
        @Override
        public void add(Source source) {
            loop.add(source);
        }

        @Override
        public void start() {
            loop.start();
        }

        @Override
        public void execute(Runnable task) {
            loop.execute(task);
        }

        @Override
        public List<SourceStatus> statuses() {
            return loop.statuses();
        }

        @Override
        public void close() {
            loop.close();
            closed.set(true);
            throw new RejectedExecutionException("rejected, as by an executor that has been shut down");
        }
    }
}
