package org.watchtray.icons;

import java.net.URL;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Finds watchtray's bundled icons: the hand-written SVG sources, their PNG renderings at the
 * hicolor sizes (see {@code icons/render}) and the monochrome symbolic variants. A {@code null}
 * state means the application icon.
 */
public final class Icons {
    private Icons() {
    }

    /** The tray and app states an icon exists for. */
    public enum State { NORMAL, WARNING, CRITICAL, PAUSED }

    /** The hicolor sizes every full-colour icon is rendered at, smallest first. */
    public static final List<Integer> SIZES = List.of(16, 22, 24, 32, 48, 64, 128, 256);

    /** The application's icon name in an installed icon theme; also its desktop-file and AppStream ID. */
    public static final String APP_ICON_NAME = "org.watchtray.Watchtray";

    /** The SVG source of the app icon ({@code null} state) or a tray state. */
    public static URL svg(State state) {
        return required(fileName(state) + ".svg");
    }

    /** A rendered PNG at one of the hicolor {@link #SIZES}, or {@code null} when that size was not rendered. */
    public static URL png(State state, int size) {
        return Icons.class.getResource("png/" + size + "/" + fileName(state) + ".png");
    }

    /** The sizes the tray states' symbolic variants are rendered at as PNG masks (panel sizes). */
    public static final List<Integer> SYMBOLIC_SIZES = List.of(16, 22, 24, 32);

    /**
     * A tray state's symbolic variant rendered at one of {@link #SYMBOLIC_SIZES}: one colour
     * ({@code #2e3436}) with alpha, for the app to recolour to a panel's foreground; {@code null}
     * at other sizes.
     */
    public static URL symbolicPng(State state, int size) {
        return Icons.class.getResource("png/" + size + "/" + fileName(Objects.requireNonNull(state)) + "-symbolic.png");
    }

    /** The monochrome symbolic SVG (16×16, one colour, recoloured by GTK) of the app icon or a tray state. */
    public static URL symbolic(State state) {
        return required(fileName(state) + "-symbolic.svg");
    }

    /**
     * The icon's name in the hicolor theme once the package is installed, e.g.
     * {@code org.watchtray.Watchtray-warning}; usable as a StatusNotifierItem {@code IconName} or a
     * notification {@code app_icon}. Append {@code -symbolic} for the symbolic variant.
     */
    public static String themeName(State state) {
        return state == null ? APP_ICON_NAME : APP_ICON_NAME + "-" + lowerCase(state);
    }

    /** The resource file name without extension: {@code watchtray} or {@code watchtray-<state>}. */
    public static String fileName(State state) {
        return state == null ? "watchtray" : "watchtray-" + lowerCase(state);
    }

    private static String lowerCase(State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private static URL required(String name) {
        return Objects.requireNonNull(Icons.class.getResource(name), name);
    }
}
