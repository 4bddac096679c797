package org.watchtray.app.ui;

import java.net.URL;
import java.util.Locale;
import java.util.Objects;

/**
 * The two sets of colours watchtray's windows are drawn in. Each is one stylesheet holding
 * every colour as a looked-up variable ({@code palette-light.css}, {@code palette-dark.css});
 * the views' own stylesheets only refer to those variables.
 */
public enum Palette {
    LIGHT, DARK;

    /** The palette's stylesheet, to be put first in a scene's stylesheets. */
    public URL stylesheet() {
        return Objects.requireNonNull(Palette.class.getResource("palette-" + name().toLowerCase(Locale.ROOT) + ".css"));
    }
}
