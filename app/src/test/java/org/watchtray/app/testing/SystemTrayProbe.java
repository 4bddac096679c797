package org.watchtray.app.testing;

import java.awt.SystemTray;

/**
 * Exits 0 as soon as AWT sees an X system tray ({@code _NET_SYSTEM_TRAY_S0} has an owner), 1
 * after the number of seconds given. Run in its own JVM on the session's display by
 * {@link PanelHost}: it is the question the app asks at start, asked the same way.
 */
public final class SystemTrayProbe {
    private SystemTrayProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
        boolean found = false;
        while (!found && System.nanoTime() < end) {
            // AWT keeps its answer up to date from the tray manager's MANAGER broadcast.
            found = SystemTray.isSupported();
            if (!found) {
                Thread.sleep(50);
            }
        }
        System.out.println(found ? "system tray" : "no system tray");
        System.exit(found ? 0 : 1);
    }
}
