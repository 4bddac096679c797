package org.watchtray.app.ui;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.stage.PopupWindow;
import javafx.stage.Window;

/**
 * Starts JavaFX when a window is first needed, not at launch: a tray app that is never opened
 * pays no toolkit threads, no GTK connection and none of its memory. Once started it stays up
 * with implicit exit off, so closing the last window leaves the app in the tray.
 */
public final class FxRuntime {
    private static final System.Logger LOG = System.getLogger(FxRuntime.class.getName());

    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final AtomicBoolean starting = new AtomicBoolean();
    private volatile FxPulse pulse;

    /** Starts the toolkit in the background now, when it will surely be needed soon (once; {@link #run} would too). */
    public void start() {
        if (starting.compareAndSet(false, true)) {
            Thread.ofPlatform().name("watchtray-fx-start").daemon().start(this::startToolkit);
        }
    }

    /** Runs {@code task} on the FX thread, starting the toolkit first when this is the first use. */
    public void run(Runnable task) {
        start();
        started.thenRun(() -> Platform.runLater(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "UI task failed", e);
            }
        }));
    }

    public boolean isStarted() {
        return started.isDone() && !started.isCompletedExceptionally();
    }

    /** Completes when the toolkit is up (fails if it cannot start, e.g. no display). */
    public CompletableFuture<Void> started() {
        return started;
    }

    private void startToolkit() {
        try {
            WindowTrace.mark("fx-start");
            Platform.startup(() -> {
                WindowTrace.mark("fx-up");
                Platform.setImplicitExit(false);
                pulse = FxPulse.manage().orElse(null);
                started.complete(null);
            });
        } catch (IllegalStateException alreadyRunning) {
            // Someone (a test harness) started the toolkit already; use it as it is.
            Platform.runLater(() -> {
                Platform.setImplicitExit(false);
                started.complete(null);
            });
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            LOG.log(Level.WARNING, "JavaFX could not start; windows are unavailable: {0}", e.toString());
            started.completeExceptionally(e);
        }
    }

    /**
     * What JavaFX's pulse timer does now, {@code ticking}, {@code paused} (idle windows) or
     * {@code stopped} (no window shows): empty when this runtime does not manage it (toolkit not
     * started, started by someone else, or not reachable). Call on the FX thread.
     */
    public java.util.Optional<String> pulseState() {
        FxPulse p = pulse;
        return p == null ? java.util.Optional.empty() : java.util.Optional.of(p.state().name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Stops the toolkit. Popups (in-app toasts, menus) are hidden first and the exit happens on
     * a later turn of the FX thread: exiting while a popup shows crashes GTK (STACK.md).
     */
    public CompletableFuture<Void> exit() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!isStarted()) {
            done.complete(null);
            return done;
        }
        Platform.runLater(() -> {
            for (Window w : Window.getWindows().toArray(Window[]::new)) {
                if (w instanceof PopupWindow) {
                    w.hide();
                }
            }
            Platform.runLater(() -> {
                Platform.exit();
                done.complete(null);
            });
        });
        return done;
    }
}
