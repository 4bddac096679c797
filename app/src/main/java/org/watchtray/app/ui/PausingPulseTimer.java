package org.watchtray.app.ui;

import com.sun.glass.ui.Timer;
import java.util.function.BooleanSupplier;

/**
 * JavaFX's pulse timer with a working pause, put in place of the GTK one (which {@link FxPulse}
 * does at start-up).
 *
 * <p>Why: the toolkit already knows when it is idle. Each tick asks it whether anything wants a
 * pulse (an animation runs, or someone called {@code requestNextPulse}: a dirty scene, a layout,
 * CSS, a new or changed node); after 250 ms of "no" it calls {@code Timer.pause()}, and the next
 * request calls {@code Timer.resume()}. On GTK both are empty ({@code GtkTimer._pause} and
 * {@code _resume} do nothing), so an open window ticks 60 times a second for ever although not a
 * single one of those ticks runs a pulse. Here pausing stops the platform timer and resuming
 * starts it again, so an idle window sleeps and the first request wakes it within one period.
 *
 * <p>The pause decision is taken on the FX thread from the toolkit's flags before it takes the
 * toolkit's lock, while a request can come from another thread; a request that slipped in
 * between would find the timer still running, not resume it, and then be paused away. So the
 * pause looks at the flags again once the platform timer is stopped ({@code wanted}, read under
 * the same lock that every resume needs) and starts it again when something was asked for.
 */
final class PausingPulseTimer extends Timer {
    private final Timer platform;
    private final BooleanSupplier wanted;
    /** The period the toolkit started us with (ms); 0 for a vsync timer. */
    private int period;

    /**
     * @param platform the platform's timer, already created with the toolkit's tick
     * @param wanted   whether the toolkit wants pulses now (an animation, or a requested pulse)
     */
    PausingPulseTimer(Timer platform, BooleanSupplier wanted) {
        super(() -> { });   // never run: the platform timer carries the toolkit's own tick
        this.platform = platform;
        this.wanted = wanted;
    }

    @Override
    protected long _start(Runnable ignored) {
        period = 0;
        platform.start();
        return 1;
    }

    @Override
    protected long _start(Runnable ignored, int millis) {
        period = millis;
        platform.start(millis);
        return 1;
    }

    @Override
    protected void _stop(long handle) {
        platform.stop();
    }

    @Override
    protected void _pause(long handle) {
        if (!platform.isRunning()) {
            return;
        }
        platform.stop();
        if (wanted.getAsBoolean()) {
            tick();
        }
    }

    @Override
    protected void _resume(long handle) {
        if (!platform.isRunning()) {
            tick();
        }
    }

    private void tick() {
        if (period > 0) {
            platform.start(period);
        } else {
            platform.start();
        }
    }

    /** Whether the platform timer ticks now (false while paused or stopped). */
    boolean ticking() {
        return platform.isRunning();
    }
}
