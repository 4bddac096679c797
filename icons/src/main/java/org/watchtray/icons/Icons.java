package org.watchtray.icons;

import java.net.URL;
import java.util.Objects;

/** Finds watchtray's bundled icons by name and size. */
public final class Icons {
    private Icons() {
    }

    /** The tray and app states an icon exists for. */
    public enum State { NORMAL, WARNING, CRITICAL, PAUSED }

    /** The SVG source of the app icon ({@code null} state) or a tray state. */
    public static URL svg(State state) {
        String name = state == null ? "watchtray.svg" : "watchtray-" + state.name().toLowerCase(java.util.Locale.ROOT) + ".svg";
        return Objects.requireNonNull(Icons.class.getResource(name), name);
    }

    /** A rendered PNG at one of the hicolor sizes, or {@code null} when that size was not rendered. */
    public static URL png(State state, int size) {
        String base = state == null ? "watchtray" : "watchtray-" + state.name().toLowerCase(java.util.Locale.ROOT);
        return Icons.class.getResource("png/" + size + "/" + base + ".png");
    }
}
