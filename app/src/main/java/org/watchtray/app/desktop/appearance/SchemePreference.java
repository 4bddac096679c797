package org.watchtray.app.desktop.appearance;

/** What the desktop says about light and dark (the portal's {@code color-scheme} values). */
public enum SchemePreference {
    /** No preference, or nothing was said: the app's default (light). */
    NONE,
    DARK,
    LIGHT;

    /** The portal's number: 1 prefer dark, 2 prefer light, anything else no preference. */
    public static SchemePreference fromPortal(long value) {
        return value == 1 ? DARK : value == 2 ? LIGHT : NONE;
    }
}
