package org.watchtray.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.history.HistoryWriter;
import org.watchtray.app.history.MemoryHistoryStore;
import org.watchtray.app.settings.Autostart;
import org.watchtray.app.settings.SettingsService;
import org.watchtray.app.settings.SettingsStore;
import org.watchtray.core.pipeline.EventHub;
import org.watchtray.core.pipeline.TimelineFilter;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.XdgPaths;

/**
 * The tray's side of the window process when the process cannot start at all (the JVM stops
 * before main, as without JavaFX): a real process that ends with status 1 without a word, the
 * tray's real parts, no display needed.
 */
class WindowProcessSupervisionTest {
    @TempDir
    Path tmp;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<Process> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
        started.forEach(Process::destroyForcibly);
    }

    private TrayHost host() {
        Clock clock = Clock.systemUTC();
        XdgPaths paths = new XdgPaths(new Environment(Map.of("XDG_CONFIG_HOME", tmp.resolve("config").toString(),
                "XDG_STATE_HOME", tmp.resolve("state").toString(), "XDG_CONFIG_DIRS", tmp.resolve("etc-xdg").toString()), tmp));
        SettingsStore store = SettingsStore.forUser(paths, clock, p -> { });
        Settings settings = store.load();
        EventHub hub = new EventHub(TimelineFilter.from(settings));
        MemoryHistoryStore history = new MemoryHistoryStore(100);
        HistoryWriter writer = new HistoryWriter(history, "memory", settings.history(), clock, hub, 100);
        return new TrayHost(hub, writer, history, null, List::of, () -> { },
                new SettingsService(store, settings, new Autostart(paths, "watchtray"), p -> { }),
                org.watchtray.core.time.SystemZone.fixed(clock.getZone()));
    }

    @Test
    void aWindowProcessThatEndsBeforeItConnectsMakesTheWindowsUnavailableOnceAndIsNotStartedAgain() throws Exception {
        CompletableFuture<String> why = new CompletableFuture<>();
        WindowProcess windows = WindowProcess.start(host(), tmp.resolve("run/watchtray/windows.sock"), socket -> {
            Process p = new ProcessBuilder("sh", "-c", "echo 'Error occurred during initialization of boot layer' >&2; exit 1")
                    .redirectError(tmp.resolve("window.log").toFile()).start();
            started.add(p);
            return p;
        }, why::complete, timer);
        try {
            windows.openTimeline(null);
            assertEquals("the window process ended with status 1 before its window was ready", why.get(60, TimeUnit.SECONDS));
            assertTrue(started.getFirst().waitFor(10, TimeUnit.SECONDS));
            windows.openTimeline(null);
            windows.openSettings();
            assertEquals(1, started.size(), "not started again");
            assertEquals(-1, windows.pid());
        } finally {
            windows.close();
        }
    }
}
