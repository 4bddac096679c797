package org.watchtray.app.desktop.appearance;

import java.lang.System.Logger.Level;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.watchtray.core.settings.Environment;

/**
 * Feeds an {@link AppearanceModel} with what the desktop prefers: the portal's answer and
 * changes (when there is a session bus) and GTK's settings, both read in the background, so
 * the first window may open light and turn dark a moment later but start-up never waits.
 */
public final class DesktopColorScheme implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DesktopColorScheme.class.getName());

    private final PortalColorScheme portal;

    private DesktopColorScheme(PortalColorScheme portal) {
        this.portal = portal;
    }

    /**
     * @param bus the session bus, or null when there is none
     */
    public static DesktopColorScheme follow(DBusConnection bus, Environment env, AppearanceModel model) {
        PortalColorScheme portal = bus == null ? null : PortalColorScheme.start(bus, model::portal);
        Thread.ofVirtual().name("watchtray-gtk-scheme").start(() -> {
            SchemePreference gtk = GtkColorScheme.read(env);
            LOG.log(Level.DEBUG, "GTK''s colour scheme: {0}", gtk);
            model.gtk(gtk);
        });
        if (portal != null) {
            portal.answered().thenAccept(yes -> {
                if (!yes) {
                    LOG.log(Level.INFO, "no colour scheme from the desktop portal within {0} ms; following GTK''s settings",
                            PortalColorScheme.PATIENCE.toMillis());
                }
            });
        }
        return new DesktopColorScheme(portal);
    }

    /** The portal being asked, or null without a session bus. */
    public PortalColorScheme portal() {
        return portal;
    }

    @Override
    public void close() {
        if (portal != null) {
            portal.close();
        }
    }
}
