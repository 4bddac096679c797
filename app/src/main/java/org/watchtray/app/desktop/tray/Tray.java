package org.watchtray.app.desktop.tray;

/** A tray icon that is showing (StatusNotifierItem or the AWT fallback). */
public interface Tray extends AutoCloseable {
    /** For logs and the Sources view, e.g. "StatusNotifierItem org.kde.StatusNotifierItem-4711-1". */
    String describe();

    /** Removes the icon. */
    @Override
    void close();
}
