package org.watchtray.app.desktop;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.watchtray.app.desktop.tray.TrayActions;
import org.watchtray.core.event.Event;

/** What the tray menu's entries do: open a window, pause toasts, quit. */
final class TrayMenuActions implements TrayActions {
    private final Supplier<Windows> windows;
    private final DoNotDisturb dnd;
    private final Runnable quit;

    /**
     * @param windows the app's windows (the tray is up before them; its menu is used after)
     * @param quit    asks the app to quit (not on the caller's thread)
     */
    TrayMenuActions(Supplier<Windows> windows, DoNotDisturb dnd, Runnable quit) {
        this.windows = Objects.requireNonNull(windows);
        this.dnd = Objects.requireNonNull(dnd);
        this.quit = Objects.requireNonNull(quit);
    }

    @Override
    public void openTimeline(Event event) {
        windows.get().openTimeline(event);
    }

    @Override
    public void openSettings() {
        windows.get().openSettings();
    }

    @Override
    public void doNotDisturbForAnHour() {
        dnd.forDuration(Duration.ofHours(1));
    }

    @Override
    public void doNotDisturbUntilTomorrow() {
        dnd.untilTomorrowMorning();
    }

    @Override
    public void doNotDisturbOff() {
        dnd.off();
    }

    @Override
    public void quit() {
        quit.run();
    }
}
