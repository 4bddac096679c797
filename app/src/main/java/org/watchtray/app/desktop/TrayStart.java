package org.watchtray.app.desktop;

import java.lang.System.Logger.Level;
import java.util.Optional;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.watchtray.app.desktop.tray.AwtTray;
import org.watchtray.app.desktop.tray.SniTray;
import org.watchtray.app.desktop.tray.Tray;
import org.watchtray.app.desktop.tray.TrayActions;
import org.watchtray.app.desktop.tray.TrayLook;
import org.watchtray.app.desktop.tray.TrayModel;
import org.watchtray.app.text.EventText;

/** Picks what shows the tray icon: a StatusNotifierItem when a watcher runs on the bus, else the AWT system tray. */
final class TrayStart {
    private static final System.Logger LOG = System.getLogger(TrayStart.class.getName());

    private TrayStart() {
    }

    /**
     * @param bus the session bus, or null without one
     * @return the tray, or null when this session shows none
     */
    static Tray start(DBusConnection bus, TrayModel model, TrayActions actions, EventText words, long pid, TrayLook look) {
        if (bus != null && SniTray.watcherPresent(bus)) {
            Optional<SniTray> sni = SniTray.start(bus, model, actions, words, pid, look);
            if (sni.isPresent()) {
                if (!SniTray.hostRegistered(bus)) {
                    LOG.log(Level.INFO, "a StatusNotifierWatcher is running but no tray host has registered yet");
                }
                return sni.get();
            }
        }
        return AwtTray.start(model, actions, words, look).orElse(null);
    }
}
