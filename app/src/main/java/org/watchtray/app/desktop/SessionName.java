package org.watchtray.app.desktop;

import java.lang.System.Logger.Level;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.watchtray.app.desktop.dbus.WatchtrayControl;

/** One watchtray per session: the instance that owns {@code org.watchtray.Watchtray} on the session bus. */
final class SessionName {
    private static final System.Logger LOG = System.getLogger(SessionName.class.getName());

    private SessionName() {
    }

    /**
     * Exports {@code control} and claims the session's name; when another instance owns it, asks
     * that one to show its timeline instead.
     *
     * @return whether this instance owns the session now
     */
    static boolean claim(DBusConnection bus, WatchtrayControl control) throws DBusException {
        bus.exportObject(WatchtrayControl.OBJECT_PATH, control);
        try {
            bus.requestBusName(WatchtrayControl.BUS_NAME);
            return true;
        } catch (DBusException alreadyRunning) {
            try {
                bus.getRemoteObject(WatchtrayControl.BUS_NAME, WatchtrayControl.OBJECT_PATH, WatchtrayControl.class).ShowTimeline();
                LOG.log(Level.INFO, "watchtray is already running in this session; showed its timeline");
            } catch (DBusExecutionException e) {
                LOG.log(Level.WARNING, "watchtray is already running in this session but did not answer: {0}", e.getMessage());
            }
            return false;
        }
    }
}
