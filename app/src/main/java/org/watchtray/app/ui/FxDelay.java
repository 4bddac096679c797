package org.watchtray.app.ui;

import java.time.Duration;
import java.util.Objects;
import javafx.application.Platform;

/**
 * Runs a task on the FX thread once a delay has passed, without an animation.
 *
 * <p>Why not a {@code PauseTransition}: it is an animation, and while any animation runs JavaFX
 * pulses 60 times a second, so a transition that waits ten seconds costs some 600 wakeups of the
 * window process for nothing (docs/idle.md, "An open window"). Here a virtual thread sleeps the
 * delay and hands the task to the FX thread, which sleeps meanwhile.
 */
public final class FxDelay {
    private final Thread sleeper;
    /** Set and read on the FX thread only, so a cancelled task never runs. */
    private boolean cancelled;

    private FxDelay(Duration delay, Runnable onFx) {
        sleeper = Thread.ofVirtual().name("watchtray-fx-delay").unstarted(() -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException cancelledMeanwhile) {
                return;
            }
            Platform.runLater(() -> {
                if (!cancelled) {
                    onFx.run();
                }
            });
        });
    }

    /** Runs {@code onFx} on the FX thread after {@code delay}, unless cancelled first. */
    public static FxDelay after(Duration delay, Runnable onFx) {
        FxDelay d = new FxDelay(Objects.requireNonNull(delay), Objects.requireNonNull(onFx));
        d.sleeper.start();
        return d;
    }

    /** The task will not run. Call on the FX thread. */
    public void cancel() {
        cancelled = true;
        sleeper.interrupt();
    }
}
