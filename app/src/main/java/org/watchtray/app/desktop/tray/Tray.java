package org.watchtray.app.desktop.tray;

/** A tray icon that is showing (StatusNotifierItem or the AWT fallback). */
public interface Tray extends AutoCloseable {
    /** For logs and the Sources view, e.g. "StatusNotifierItem org.kde.StatusNotifierItem-4711-1". */
    String describe();

    /** Draws the icon in colour or symbolic in the ink of the desktop's scheme from now on. */
    void look(TrayLook look);

    /**
     * Whether the icon lives on the session bus (a StatusNotifierItem): when the bus has gone, the
     * icon went with it and there is nothing left to remove.
     */
    default boolean onSessionBus() {
        return false;
    }

    /** Removes the icon. */
    @Override
    void close();
}
