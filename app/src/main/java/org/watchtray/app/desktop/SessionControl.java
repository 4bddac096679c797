package org.watchtray.app.desktop;

import java.util.Objects;
import java.util.function.Supplier;
import org.watchtray.app.desktop.dbus.WatchtrayControl;

/**
 * The session-wide control object ({@code org.watchtray.Watchtray}) that a second start, a
 * launcher or the user's scripts call: show the timeline or the settings, or quit.
 */
final class SessionControl implements WatchtrayControl {
    private final Supplier<Windows> windows;
    private final Runnable quit;

    /**
     * @param windows the app's windows, or null while they do not exist yet (the name is claimed
     *                before them, so a call may come early: it then does nothing)
     * @param quit    asks the app to quit (not on the caller's thread)
     */
    SessionControl(Supplier<Windows> windows, Runnable quit) {
        this.windows = Objects.requireNonNull(windows);
        this.quit = Objects.requireNonNull(quit);
    }

    @Override
    public String getObjectPath() {
        return OBJECT_PATH;
    }

    @Override
    public void ShowTimeline() {
        Windows w = windows.get();
        if (w != null) {
            w.openTimeline(null);
        }
    }

    @Override
    public void ShowSettings() {
        Windows w = windows.get();
        if (w != null) {
            w.openSettings();
        }
    }

    @Override
    public void Quit() {
        quit.run();
    }
}
