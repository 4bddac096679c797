package org.watchtray.app.testing;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.watchtray.icons.Icons;

/**
 * Reads what a screenshot shows, for tests that look at a real panel: which of watchtray's
 * bundled tray icons is drawn where, and where the rows of a popup menu are. Pure pixel work on
 * {@code BufferedImage}s, so it knows nothing about the panel that drew them.
 */
public final class ScreenPixels {
    /** The sizes a tray host is likely to draw a 16–32 px icon at (SNI hosts pick one of our pixmaps). */
    private static final int[] SIZES = {16, 22, 24, 32};
    /**
     * Mean difference per channel (0–255) below which the art counts as drawn. Hosts draw our
     * pixmaps with their own filtering: measured 1.6–4.2 for the colour art on xfce4-panel and
     * 6.6 for the light-ink symbolic art on its dark panel.
     */
    public static final double SAME = 10;
    /** … and above which another state's art counts as clearly not drawn (the nearest other state measured 22). */
    public static final double DIFFERENT = 18;

    private ScreenPixels() {
    }

    /** Where the art of a tray state at a size comes from (null when that size is not bundled). */
    @FunctionalInterface
    public interface Art {
        BufferedImage of(Icons.State state, int size);
    }

    /** The full-colour icons. */
    public static final Art COLOR = (state, size) -> load(Icons.png(state, size));

    /** The symbolic masks drawn in {@code rgb}, as the app draws them for a panel of that scheme. */
    public static Art symbolic(int rgb) {
        return (state, size) -> {
            BufferedImage mask = load(Icons.symbolicPng(state, size));
            if (mask == null) {
                return null;
            }
            BufferedImage out = new BufferedImage(mask.getWidth(), mask.getHeight(), BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < mask.getHeight(); y++) {
                for (int x = 0; x < mask.getWidth(); x++) {
                    out.setRGB(x, y, (mask.getRGB(x, y) & 0xff000000) | (rgb & 0xffffff));
                }
            }
            return out;
        };
    }

    /** One placement of one state's art: how far the screen is from it (mean per-channel difference) and where. */
    public record Match(Icons.State state, int size, double score, Rectangle at) {
    }

    /**
     * The best placement of each state's art inside {@code area}, best first (none when the area
     * is too small for any). The art is drawn over the area's background colour and compared
     * where it is solid, so its transparent margin does not count.
     */
    public static List<Match> iconMatches(BufferedImage shot, Rectangle area) {
        return iconMatches(shot, area, COLOR);
    }

    /** As {@link #iconMatches(BufferedImage, Rectangle)}, for the given art. */
    public static List<Match> iconMatches(BufferedImage shot, Rectangle area, Art kind) {
        // Around what is drawn, with room for the art's transparent margin at any size.
        Rectangle search = inked(shot, area).map(r -> grow(r, 8).intersection(area)).orElse(area);
        int bg = background(shot, area);
        List<Match> best = new ArrayList<>();
        for (Icons.State state : Icons.State.values()) {
            Match m = null;
            for (int size : SIZES) {
                BufferedImage art = art(kind, state, size);
                if (art == null) {
                    continue;
                }
                for (int y = search.y; y + size <= search.y + search.height; y++) {
                    for (int x = search.x; x + size <= search.x + search.width; x++) {
                        double s = difference(shot, x, y, art, bg, m == null ? Double.MAX_VALUE : m.score());
                        if (m == null || s < m.score()) {
                            m = new Match(state, size, s, new Rectangle(x, y, size, size));
                        }
                    }
                }
            }
            if (m != null) {
                best.add(m);
            }
        }
        best.sort(Comparator.comparingDouble(Match::score));
        return best;
    }

    /**
     * The tray state whose art is drawn in {@code area}: the best match must be close
     * ({@link #SAME}) and every other state's art clearly worse ({@link #DIFFERENT}).
     */
    public static Optional<Icons.State> iconShown(BufferedImage shot, Rectangle area) {
        return iconShown(shot, area, COLOR);
    }

    /** As {@link #iconShown(BufferedImage, Rectangle)}, for the given art. */
    public static Optional<Icons.State> iconShown(BufferedImage shot, Rectangle area, Art kind) {
        List<Match> m = iconMatches(shot, area, kind);
        boolean shown = !m.isEmpty() && m.get(0).score() <= SAME && (m.size() == 1 || m.get(1).score() >= DIFFERENT);
        return shown ? Optional.of(m.get(0).state()) : Optional.empty();
    }

    /**
     * Mean absolute per-channel difference between the screen and the art drawn over the panel's
     * background {@code bg}, over the art's solid pixels (alpha from 128: strokes and their
     * anti-aliased cores from half cover, not the faint rims); stops early once above {@code limit}.
     */
    private static double difference(BufferedImage shot, int x0, int y0, BufferedImage art, int bg, double limit) {
        long sum = 0;
        int n = 0;
        int solid = solidPixels(art);
        long stopAt = limit == Double.MAX_VALUE ? Long.MAX_VALUE : (long) (limit * 3 * solid) + 1;
        for (int y = 0; y < art.getHeight(); y++) {
            for (int x = 0; x < art.getWidth(); x++) {
                int a = art.getRGB(x, y);
                if ((a >>> 24) < SOLID) {
                    continue;
                }
                sum += channelDistance(over(a, bg), shot.getRGB(x0 + x, y0 + y));
                n++;
            }
            if (sum > stopAt) {
                return Double.MAX_VALUE;
            }
        }
        return sum / (3.0 * n);
    }

    private static final Map<Art, Map<String, Optional<BufferedImage>>> ART = new java.util.IdentityHashMap<>();
    private static final Map<BufferedImage, Integer> OPAQUE = new java.util.IdentityHashMap<>();

    private static synchronized BufferedImage art(Art kind, Icons.State state, int size) {
        return ART.computeIfAbsent(kind, k -> new HashMap<>())
                .computeIfAbsent(state + "@" + size, k -> Optional.ofNullable(kind.of(state, size))).orElse(null);
    }

    private static BufferedImage load(URL url) {
        if (url == null) {
            return null;
        }
        try {
            return ImageIO.read(url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final int SOLID = 128;

    private static synchronized int solidPixels(BufferedImage art) {
        return OPAQUE.computeIfAbsent(art, a -> {
            int n = 0;
            for (int y = 0; y < a.getHeight(); y++) {
                for (int x = 0; x < a.getWidth(); x++) {
                    n += (a.getRGB(x, y) >>> 24) >= SOLID ? 1 : 0;
                }
            }
            return n;
        });
    }

    /** {@code argb} (not premultiplied) drawn over the opaque {@code rgb}. */
    private static int over(int argb, int rgb) {
        int a = argb >>> 24;
        int r = (((argb >> 16) & 255) * a + ((rgb >> 16) & 255) * (255 - a)) / 255;
        int g = (((argb >> 8) & 255) * a + ((rgb >> 8) & 255) * (255 - a)) / 255;
        int b = ((argb & 255) * a + (rgb & 255) * (255 - a)) / 255;
        return (r << 16) | (g << 8) | b;
    }

    private static int channelDistance(int p, int q) {
        return Math.abs(((p >> 16) & 255) - ((q >> 16) & 255)) + Math.abs(((p >> 8) & 255) - ((q >> 8) & 255))
                + Math.abs((p & 255) - (q & 255));
    }

    private static int maxChannelDistance(int p, int q) {
        return Math.max(Math.abs(((p >> 16) & 255) - ((q >> 16) & 255)),
                Math.max(Math.abs(((p >> 8) & 255) - ((q >> 8) & 255)), Math.abs((p & 255) - (q & 255))));
    }

    /** The most common colour in {@code area}: the background of a panel or a menu. */
    public static int background(BufferedImage shot, Rectangle area) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int y = area.y; y < area.y + area.height; y++) {
            for (int x = area.x; x < area.x + area.width; x++) {
                counts.merge(shot.getRGB(x, y) & 0xffffff, 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** The bounding box of everything in {@code area} that is not its background, if anything is. */
    public static Optional<Rectangle> inked(BufferedImage shot, Rectangle area) {
        int bg = background(shot, area);
        Rectangle box = null;
        for (int y = area.y; y < area.y + area.height; y++) {
            for (int x = area.x; x < area.x + area.width; x++) {
                if (maxChannelDistance(shot.getRGB(x, y), bg) > 24) {
                    box = box == null ? new Rectangle(x, y, 1, 1) : box.union(new Rectangle(x, y, 1, 1));
                }
            }
        }
        return Optional.ofNullable(box);
    }

    /** The bounding box of the pixels that differ between two screenshots inside {@code area}. */
    public static Optional<Rectangle> changed(BufferedImage before, BufferedImage after, Rectangle area) {
        Rectangle box = null;
        for (int y = area.y; y < area.y + area.height; y++) {
            for (int x = area.x; x < area.x + area.width; x++) {
                if (before.getRGB(x, y) != after.getRGB(x, y)) {
                    box = box == null ? new Rectangle(x, y, 1, 1) : box.union(new Rectangle(x, y, 1, 1));
                }
            }
        }
        return Optional.ofNullable(box);
    }

    /**
     * The rows of text in a menu drawn inside {@code menu}, top to bottom: bands of rows that
     * hold pixels clearly darker or lighter than the menu's background, at least 5 px high
     * (separators and borders are thinner or fainter).
     */
    public static List<Rectangle> textRows(BufferedImage shot, Rectangle menu) {
        int bg = background(shot, menu);
        List<Rectangle> rows = new ArrayList<>();
        int start = -1;
        for (int y = menu.y; y <= menu.y + menu.height; y++) {
            boolean ink = false;
            if (y < menu.y + menu.height) {
                // A few pixels in from the sides: menu borders are vertical lines the full height.
                for (int x = menu.x + 4; x < menu.x + menu.width - 4 && !ink; x++) {
                    ink = maxChannelDistance(shot.getRGB(x, y), bg) > 60;
                }
            }
            if (ink && start < 0) {
                start = y;
            } else if (!ink && start >= 0) {
                if (y - start >= 5) {
                    rows.add(new Rectangle(menu.x, start, menu.width, y - start));
                }
                start = -1;
            }
        }
        return rows;
    }

    public static Rectangle grow(Rectangle r, int by) {
        return new Rectangle(r.x - by, r.y - by, r.width + 2 * by, r.height + 2 * by);
    }
}
