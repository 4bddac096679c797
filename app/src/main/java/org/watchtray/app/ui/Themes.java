package org.watchtray.app.ui;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javafx.application.Platform;
import javafx.collections.ObservableList;
import javafx.scene.Scene;

/**
 * Puts the current {@link Palette} into scenes and swaps it in all of them when the desktop's
 * colour scheme or the user's setting changes. The palette stylesheet always comes first, so
 * the views' own stylesheets (which only look colours up) follow it. Scenes are held weakly:
 * a closed in-app toast's scene is not kept alive by its theme. Use {@link #apply} on the FX
 * thread.
 */
public final class Themes {
    private final PaletteSource source;
    private final List<WeakReference<Scene>> scenes = new ArrayList<>();

    public Themes(PaletteSource source) {
        this.source = Objects.requireNonNull(source);
        source.listen(p -> Platform.runLater(() -> repaint(p)));
    }

    /** Gives {@code scene} the current palette and keeps it current. */
    public void apply(Scene scene) {
        use(scene.getStylesheets(), source.current());
        scenes.add(new WeakReference<>(scene));
    }

    /** Gives {@code scene} one palette for good (tests, tools). */
    public static void paint(Scene scene, Palette palette) {
        use(scene.getStylesheets(), palette);
    }

    public Palette current() {
        return source.current();
    }

    private void repaint(Palette p) {
        scenes.removeIf(r -> r.get() == null);
        for (WeakReference<Scene> r : scenes) {
            Scene s = r.get();
            if (s != null) {
                use(s.getStylesheets(), p);
            }
        }
    }

    /**
     * The palette goes first; the common rules (prompt text, icons, the in-app toast) go last,
     * after ControlsFX's own popup sheet (which ControlsFX puts into whichever scene owns its
     * popups).
     */
    private static void use(ObservableList<String> sheets, Palette palette) {
        String wanted = palette.stylesheet().toExternalForm();
        if (sheets.isEmpty() || !sheets.getFirst().equals(wanted)) {
            sheets.removeAll(Arrays.stream(Palette.values()).map(p -> p.stylesheet().toExternalForm()).toList());
            sheets.addFirst(wanted);
        }
        if (!sheets.contains(COMMON)) {
            sheets.add(COMMON);
        }
    }

    private static final String COMMON = Objects.requireNonNull(Themes.class.getResource("common.css")).toExternalForm();
}
