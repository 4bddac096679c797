package org.watchtray.app.ui;

import com.sun.glass.ui.Timer;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Optional;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.stage.Window;

/**
 * Makes JavaFX's pulse timer sleep while nothing is to be drawn: paused while the windows are
 * idle, stopped while no window shows.
 *
 * <p>Why: once started, the toolkit wakes its thread 60 times a second for ever on GTK, with a
 * window open or not, idle or not. The toolkit decides well when it is idle and asks its timer to
 * pause, but the GTK timer's pause is a no-op (glass {@code GtkTimer._pause}), and JavaFX cannot
 * be stopped and started again in one process. An open, idle timeline cost 50–57 wakeups a
 * second, and a tray app whose window was opened once 60 a second all day.
 *
 * <p>How: the toolkit's private {@code pulseTimer} is replaced, before the toolkit starts it, by
 * a {@link PausingPulseTimer} around it whose pause and resume stop and start the GTK timer; and
 * the timer is stopped outright while no window (or popup) shows, so a hidden app with some
 * animation left running sleeps too. Tasks handed to the FX thread ({@code Platform.runLater})
 * run without pulses, and every change they make to a scene asks for one, which resumes the
 * timer. Reached by reflection: that works on the class path, and on the module path with
 * {@code --add-opens javafx.graphics/com.sun.javafx.tk.quantum=org.watchtray.app} and
 * {@code --add-exports javafx.graphics/com.sun.glass.ui=org.watchtray.app} ({@code
 * launch/app.options}). When it is not reachable (another JavaFX, a locked-down module path)
 * nothing changes but the wakeups, and that is said once.
 */
final class FxPulse {
    private static final System.Logger LOG = System.getLogger(FxPulse.class.getName());

    /** Whether the pulse timer ticks, sleeps between pulses, or is off with no window showing. */
    enum State { TICKING, PAUSED, STOPPED }

    /** Set to false, the pulse only stops while no window shows, and ticks while one does (as before 5 Dec 2026). */
    static final String IDLE_PAUSE = "watchtray.fx.idle-pause";

    /** The toolkit's timer: the pausing one, or JavaFX's own when pausing is off. */
    private final Timer timer;
    private final int interval;

    private FxPulse(Timer timer, int interval) {
        this.timer = timer;
        this.interval = interval;
    }

    /**
     * Takes over the pulse timer. Call on the FX thread from the runnable given to {@code
     * Platform.startup}: the toolkit has made its timer then but starts it only afterwards. Does
     * nothing on platforms other than GTK, whose timers pause by themselves.
     */
    static Optional<FxPulse> manage() {
        String platform = System.getProperty("glass.platform");
        if (platform != null && !platform.equalsIgnoreCase("gtk")) {
            return Optional.empty();
        }
        try {
            Object toolkit = Class.forName("com.sun.javafx.tk.Toolkit").getMethod("getToolkit").invoke(null);
            Class<?> quantum = toolkit.getClass();
            Field timerField = field(quantum, "pulseTimer");
            Timer original = (Timer) timerField.get(toolkit);
            int interval = field(quantum, "PULSE_INTERVAL").getInt(toolkit);
            if (!Boolean.parseBoolean(System.getProperty(IDLE_PAUSE, "true"))) {
                LOG.log(Level.INFO, "{0}=false: the JavaFX pulse ticks 60 times a second while a window shows", IDLE_PAUSE);
                return Optional.of(following(new FxPulse(original, interval)));
            }
            Object animationRunning = field(quantum, "animationRunning").get(toolkit);
            Object nextPulseRequested = field(quantum, "nextPulseRequested").get(toolkit);
            Method get = animationRunning.getClass().getDeclaredMethod("get");
            get.setAccessible(true);
            PausingPulseTimer pausing = new PausingPulseTimer(original, () -> {
                try {
                    return (boolean) get.invoke(animationRunning) || (boolean) get.invoke(nextPulseRequested);
                } catch (ReflectiveOperationException e) {
                    return true;   // cannot tell: keep ticking rather than miss a frame
                }
            });
            timerField.set(toolkit, pausing);   // before the toolkit starts it (see above)
            return Optional.of(following(new FxPulse(pausing, interval)));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // LinkageError: glass's Timer not exported to this module (IllegalAccessError).
            LOG.log(Level.INFO, "cannot pause the JavaFX pulse while idle ({0}); an open window wakes the app 60 times a second",
                    e.toString());
            return Optional.empty();
        }
    }

    private static FxPulse following(FxPulse pulse) {
        Window.getWindows().addListener((ListChangeListener<Window>) c -> pulse.follow());
        Platform.runLater(pulse::follow);   // after the toolkit started the timer: off until a window shows
        return pulse;
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    /** Runs the timer (ticking or paused) exactly while some window (or popup) is showing. */
    private void follow() {
        boolean anyShowing = Window.getWindows().stream().anyMatch(Window::isShowing);
        boolean on = timer.isRunning();
        if (anyShowing && !on) {
            timer.start(interval);
        } else if (!anyShowing && on) {
            timer.stop();
        }
    }

    /** What the pulse timer does now (tests and the idle benchmark look at it). */
    State state() {
        if (!timer.isRunning()) {
            return State.STOPPED;
        }
        return timer instanceof PausingPulseTimer p && !p.ticking() ? State.PAUSED : State.TICKING;
    }
}
