package org.watchtray.app.desktop.tray;

import java.util.Objects;
import org.watchtray.app.ui.Palette;
import org.watchtray.core.settings.Settings;

/**
 * How the tray icon is drawn: in full colour (the blue plate reads on any panel), or as its
 * one-colour symbolic variant in the ink that suits the desktop's scheme, which is the best
 * guess of the panel's: GNOME's symbolic foregrounds, dark {@code #2e3436} on light panels and
 * light {@code #eeeeec} on dark ones.
 *
 * @param panel the desktop's scheme (not watchtray's own window setting: the panel is the desktop's)
 */
public record TrayLook(Settings.TrayIcon style, Palette panel) {
    public static final TrayLook COLOR = new TrayLook(Settings.TrayIcon.COLOR, Palette.LIGHT);
    static final int DARK_INK = 0x2e3436;
    static final int LIGHT_INK = 0xeeeeec;

    public TrayLook {
        Objects.requireNonNull(style);
        Objects.requireNonNull(panel);
    }

    /** The RGB of the symbolic icon's ink on this panel. */
    int ink() {
        return panel == Palette.DARK ? LIGHT_INK : DARK_INK;
    }

    boolean symbolic() {
        return style == Settings.TrayIcon.SYMBOLIC;
    }
}
