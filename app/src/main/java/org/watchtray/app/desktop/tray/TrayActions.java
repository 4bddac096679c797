package org.watchtray.app.desktop.tray;

import org.watchtray.core.event.Event;

/** What the tray's clicks and menu entries do in the rest of the app. Called on a D-Bus or AWT thread; must not block. */
public interface TrayActions {
    /** Open the main window on the timeline, at {@code event} when not null. */
    void openTimeline(Event event);

    void openSettings();

    void doNotDisturbForAnHour();

    void doNotDisturbUntilTomorrow();

    void doNotDisturbOff();

    void quit();
}
