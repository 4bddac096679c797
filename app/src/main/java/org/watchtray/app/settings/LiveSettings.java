package org.watchtray.app.settings;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.watchtray.core.settings.Settings;

/**
 * The running app's settings as the settings dialog sees them: what they are now, changes as
 * they happen, and a way to change them. In the tray process that is {@link SettingsService}
 * itself; in the window process it is the tray's service reached over the window feed.
 */
public interface LiveSettings {
    Settings current();

    /** Whether the last change reached the file (false: it lives in memory only; the problem was reported). */
    boolean saved();

    /** Registers a listener for later changes; close the returned handle to stop. */
    AutoCloseable listen(Consumer<Settings> listener);

    /** Applies {@code change} to the current settings; a change that changes nothing does nothing. */
    Settings update(UnaryOperator<Settings> change);
}
