package org.watchtray.app.desktop.dbus;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * The running app on the session bus. Owning {@link #BUS_NAME} makes it the one instance of the
 * session; a second start calls {@link #ShowTimeline()} on it and exits.
 */
@DBusInterfaceName("org.watchtray.Watchtray")
public interface WatchtrayControl extends DBusInterface {
    String BUS_NAME = "org.watchtray.Watchtray";
    String OBJECT_PATH = "/org/watchtray/Watchtray";

    void ShowTimeline();

    void ShowSettings();

    void Quit();
}
