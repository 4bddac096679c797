package org.watchtray.app.ui;

import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Optional;
import javafx.collections.ListChangeListener;
import javafx.stage.Window;

/**
 * Stops JavaFX's pulse timer while no window is showing, and starts it again when one shows.
 *
 * <p>Why: once started, the toolkit wakes its thread 60 times a second for ever on GTK. The
 * toolkit asks its timer to pause when idle, but the GTK timer's pause is a no-op (glass
 * {@code GtkTimer._pause}), and JavaFX cannot be stopped and started again in one process.
 * A tray app whose window was opened once would otherwise cost 60 wakeups a second all day.
 *
 * <p>How: the timer is the toolkit's private {@code pulseTimer} (a glass {@code Timer}),
 * reached by reflection; that works on the class path, and on the module path with
 * {@code --add-opens javafx.graphics/com.sun.javafx.tk.quantum=org.watchtray.app} and
 * {@code --add-exports javafx.graphics/com.sun.glass.ui=org.watchtray.app}. When it is not
 * reachable (another JavaFX, a locked-down module path) nothing changes but the wakeups, and
 * that is said once. Only windows need pulses (rendering, animations); tasks handed to the FX
 * thread run without them, so a hidden app keeps working.
 */
final class FxPulse {
    private static final System.Logger LOG = System.getLogger(FxPulse.class.getName());

    private final Object timer;
    private final Method start;
    private final Method stop;
    private final Method isRunning;
    private final int interval;

    private FxPulse(Object timer, Method start, Method stop, Method isRunning, int interval) {
        this.timer = timer;
        this.start = start;
        this.stop = stop;
        this.isRunning = isRunning;
        this.interval = interval;
    }

    /**
     * Starts managing the pulse timer (call on the FX thread after the toolkit started).
     * Does nothing on platforms other than GTK, whose timers pause by themselves.
     */
    static Optional<FxPulse> manage() {
        String platform = System.getProperty("glass.platform");
        if (platform != null && !platform.equalsIgnoreCase("gtk")) {
            return Optional.empty();
        }
        try {
            Object toolkit = Class.forName("com.sun.javafx.tk.Toolkit").getMethod("getToolkit").invoke(null);
            Field timerField = toolkit.getClass().getDeclaredField("pulseTimer");
            timerField.setAccessible(true);
            Field intervalField = toolkit.getClass().getDeclaredField("PULSE_INTERVAL");
            intervalField.setAccessible(true);
            Object timer = timerField.get(toolkit);
            Class<?> timerClass = Class.forName("com.sun.glass.ui.Timer");
            FxPulse pulse = new FxPulse(timer, timerClass.getMethod("start", int.class), timerClass.getMethod("stop"),
                    timerClass.getMethod("isRunning"), intervalField.getInt(toolkit));
            pulse.isRunning();
            Window.getWindows().addListener((ListChangeListener<Window>) c -> pulse.follow());
            pulse.follow();
            return Optional.of(pulse);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.INFO, "cannot pause the JavaFX pulse while no window shows ({0}); the app wakes 60 times a second once a window was opened",
                    e.toString());
            return Optional.empty();
        }
    }

    /** Runs the timer exactly while some window (or popup) is showing. */
    private void follow() {
        boolean anyShowing = Window.getWindows().stream().anyMatch(Window::isShowing);
        try {
            boolean running = isRunning();
            if (anyShowing && !running) {
                start.invoke(timer, interval);
            } else if (!anyShowing && running) {
                stop.invoke(timer);
            }
        } catch (ReflectiveOperationException e) {
            LOG.log(Level.WARNING, "the JavaFX pulse timer did not follow the windows: {0}", e.toString());
        }
    }

    /** Whether the pulse timer runs now (tests and the idle benchmark look at it). */
    boolean isRunning() throws ReflectiveOperationException {
        return (boolean) isRunning.invoke(timer);
    }
}
