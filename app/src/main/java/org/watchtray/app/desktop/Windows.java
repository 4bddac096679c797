package org.watchtray.app.desktop;

import org.watchtray.app.settings.SettingsProblem;
import org.watchtray.core.event.Event;

/**
 * The app's windows as the tray sees them: the main window (timeline, charts, sources) and the
 * settings dialog. {@link WindowProcess} shows them from a window process of their own (the
 * app's way); {@link DesktopWindows} shows them in this JVM (inside that window process, and
 * for tests that look at the scene graph of the whole app in one process). Safe from any thread.
 */
public interface Windows extends AutoCloseable {
    /** Shows the main window, at {@code at} when given. */
    void openTimeline(Event at);

    void openSettings();

    /** A settings problem to show in the dialog's status line (now, or when it first opens). */
    void settingsProblem(SettingsProblem p);

    /** Closes every window and lets go of what they subscribed to. Idempotent. */
    @Override
    void close();
}
