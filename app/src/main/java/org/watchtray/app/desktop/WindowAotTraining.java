package org.watchtray.app.desktop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.watchtray.app.feed.FeedSocket;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.app.window.WindowMain;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.XdgPaths;
import org.watchtray.core.usb.UsbEvent;

/**
 * The workload of the window process's ahead-of-time cache ({@code watchtray-window.aot}, beside
 * the tray's; docs/windows.md): the timeline opened over a small history to its first frame with
 * rows, then closed, through the real path (the tray app's window feed, {@link WindowMain}). The
 * tray app runs in this JVM too, as in {@link AotTraining}, against a private bus in a throwaway
 * home; the window needs a display, which the caller gives in {@code DISPLAY} (a private Xvfb:
 * bin/watchtray, the packaging build).
 */
public final class WindowAotTraining {
    /** Rows in the training history: enough for a screenful of every kind of cell. */
    private static final int EVENTS = 200;

    private WindowAotTraining() {
    }

    public static void main(String[] args) throws Exception {
        String display = System.getenv("DISPLAY");
        if (display == null || display.isEmpty()) {
            throw new IllegalStateException("the window's training run needs a display (DISPLAY)");
        }
        AotTraining.attempts(home -> {
            Environment env = AotTraining.environment(home, Map.of("DISPLAY", display));
            writeHistory(env, Clock.systemUTC().instant());
            AotTraining.withTray(env, () -> {
                CompletableFuture<Void> closed = CompletableFuture.runAsync(WindowAotTraining::closeAfterFirstRows);
                int status = WindowMain.run(new String[] {WindowMain.FEED, FeedSocket.path(new XdgPaths(env)).toString()},
                        withoutBus(env, home));
                closed.get(AotTraining.TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (status != 0) {
                    throw new IllegalStateException("the window process's run ended with " + status);
                }
            });
        });
        System.exit(0);
    }

    /**
     * The window's session without a bus: dbus-java's embedded daemon drops every connection when
     * one more client comes and goes at the wrong moment (a reset in its accept thread), which
     * would end the tray's session under the training; the tray's run has the bus classes anyway.
     */
    private static Environment withoutBus(Environment env, Path home) {
        Map<String, String> vars = new HashMap<>(env.variables());
        vars.remove("DBUS_SESSION_BUS_ADDRESS");
        vars.put("XDG_RUNTIME_DIR", home.resolve("window-runtime").toString()); // no $XDG_RUNTIME_DIR/bus either
        return new Environment(vars, env.home());
    }

    private static void writeHistory(Environment env, Instant now) throws Exception {
        Path file = new XdgPaths(env).historyFile();
        Files.createDirectories(file.getParent());
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            Instant at = now.minus(Duration.ofMinutes(EVENTS - i));
            events.add(i % 4 == 0 ? new LossEvent(at, SourceId.values()[i % SourceId.values().length], 1 + i, "kernel queue overflow")
                    : new UsbEvent(at, i % 2 == 0 ? UsbEvent.Change.ADDED : UsbEvent.Change.REMOVED, "1-" + (i % 5),
                    "USB device " + i, "", 0, 1, 0));
        }
        try (SqliteHistoryStore store = SqliteHistoryStore.open(file, Clock.systemUTC(), e -> { })) {
            store.append(events);
        }
    }

    /** Waits for a stage showing rows of the timeline, lets a few frames render, and closes every stage. */
    private static void closeAfterFirstRows() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AotTraining.TIMEOUT_SECONDS);
        try {
            while (!onFx(WindowAotTraining::rowsShown)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the timeline showed no rows within " + AotTraining.TIMEOUT_SECONDS + " s");
                }
                Thread.sleep(100);
            }
            Thread.sleep(1_000); // more frames: scrolling-free paint, the clock's tick
            onFx(() -> {
                new ArrayList<>(Window.getWindows()).forEach(Window::hide);
                return true;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean rowsShown() {
        return Window.getWindows().stream().anyMatch(w -> w instanceof Stage && w.isShowing() && w.getScene() != null
                && w.getScene().getRoot().lookupAll(".table-row-cell").stream()
                        .anyMatch(n -> n instanceof TableRow<?> r && r.isVisible() && !r.isEmpty()));
    }

    /** {@code check} on the FX thread; false while the toolkit is not started yet. */
    private static boolean onFx(java.util.function.BooleanSupplier check) throws InterruptedException {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        try {
            Platform.runLater(() -> answer.complete(check.getAsBoolean()));
        } catch (IllegalStateException notStarted) {
            return false;
        }
        try {
            return answer.get(AotTraining.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }
}
