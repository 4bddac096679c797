package org.watchtray.app.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Paint;
import javafx.scene.paint.Stop;
import javafx.scene.text.Text;
import javax.imageio.ImageIO;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * What a user sees of the colours in a live scene graph, after CSS: every visible, enabled
 * piece of text and every icon, with its fill and the background it is drawn on (the nearest
 * ancestor region that paints an opaque background; every stop of a gradient counts). Checks
 * WCAG 2.1 AA: 4.5:1 for text, 3:1 for icons (1.4.11). Call on the FX thread after a pulse.
 */
public final class SceneContrast {
    public static final double TEXT = 4.5;
    public static final double ICONS = 3.0;

    private SceneContrast() {
    }

    /** Texts and icons under {@code root} below their minimum contrast, described for a failure message. */
    public static List<String> illegible(Parent root) {
        List<String> out = new ArrayList<>();
        walk(root, out, new int[1]);
        return out;
    }

    /** How many texts and icons {@link #illegible} would look at (so a test knows it looked at something). */
    public static int checked(Parent root) {
        int[] n = new int[1];
        walk(root, new ArrayList<>(), n);
        return n[0];
    }

    private static void walk(Node node, List<String> out, int[] count) {
        if (!node.isVisible() || node.isDisabled() || node.getOpacity() < 0.5) {
            return;
        }
        if (node instanceof Text t && t.getText() != null && !t.getText().isBlank() && t.getFill() instanceof Color fg) {
            count[0]++;
            double minimum = t instanceof FontIcon ? ICONS : TEXT;
            for (Color bg : background(t)) {
                double ratio = contrast(blend(fg, bg), bg);
                if (ratio < minimum) {
                    out.add(String.format(Locale.ROOT, "%s \"%s\" %s on %s: %.2f < %.1f (in %s)", t instanceof FontIcon ? "icon" : "text",
                            shorten(t.getText()), hex(fg), hex(bg), ratio, minimum, path(t)));
                }
            }
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                walk(child, out, count);
            }
        }
    }

    /** The colours behind {@code n}: the topmost opaque background fill of the nearest ancestor that has one. */
    static List<Color> background(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof Region r && r.getBackground() != null) {
                List<BackgroundFill> fills = r.getBackground().getFills();
                for (int i = fills.size() - 1; i >= 0; i--) {
                    List<Color> colours = colours(fills.get(i).getFill());
                    if (!colours.isEmpty()) {
                        return colours;
                    }
                }
            }
        }
        return List.of(Color.WHITE);
    }

    private static List<Color> colours(Paint paint) {
        if (paint instanceof Color c) {
            return c.getOpacity() >= 0.5 ? List.of(c) : List.of();
        }
        if (paint instanceof LinearGradient g) {
            List<Color> stops = g.getStops().stream().map(Stop::getColor).filter(c -> c.getOpacity() >= 0.5).toList();
            return stops.size() == g.getStops().size() ? stops : List.of();
        }
        return List.of();
    }

    private static Color blend(Color fg, Color bg) {
        double a = fg.getOpacity();
        return new Color(fg.getRed() * a + bg.getRed() * (1 - a), fg.getGreen() * a + bg.getGreen() * (1 - a),
                fg.getBlue() * a + bg.getBlue() * (1 - a), 1);
    }

    /** WCAG 2.1 contrast ratio. */
    public static double contrast(Color a, Color b) {
        return Wcag.contrast(rgb(a), rgb(b));
    }

    private static int rgb(Color c) {
        return (int) Math.round(c.getRed() * 255) << 16 | (int) Math.round(c.getGreen() * 255) << 8 | (int) Math.round(c.getBlue() * 255);
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }

    private static String shorten(String s) {
        String one = s.replace('\n', ' ');
        return one.length() > 40 ? one.substring(0, 39) + "\u2026" : one;
    }

    private static String path(Node n) {
        StringBuilder b = new StringBuilder();
        for (Node p = n.getParent(); p != null && b.length() < 200; p = p.getParent()) {
            String name = p.getId() != null ? "#" + p.getId() : p.getStyleClass().isEmpty() ? p.getClass().getSimpleName()
                    : "." + p.getStyleClass().getFirst();
            b.insert(0, name + " > ");
        }
        return b.toString();
    }

    /** Saves a snapshot of {@code node} as a PNG (JavaFX's own rendering, also on the Headless platform). */
    public static void save(Node node, Path png) throws IOException {
        WritableImage img = node.snapshot(null, null);
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader r = img.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, r.getArgb(x, y));
            }
        }
        Files.createDirectories(png.getParent());
        ImageIO.write(out, "png", png.toFile());
    }
}
