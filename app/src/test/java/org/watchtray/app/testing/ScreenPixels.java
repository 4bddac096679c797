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
    /** Mean difference per channel (0–255) below which the art counts as drawn. */
    public static final double SAME = 6;
    /** … and above which another state's art counts as clearly not drawn. */
    public static final double DIFFERENT = 15;

    private ScreenPixels() {
    }

    /** One placement of one state's art: how far the screen is from it (mean per-channel difference) and where. */
    public record Match(Icons.State state, int size, double score, Rectangle at) {
    }

    /**
     * The best placement of each state's art inside {@code area}, best first (none when the area
     * is too small for any). Only the art's opaque pixels are compared, so whatever a host
     * paints behind the icon does not count.
     */
    public static List<Match> iconMatches(BufferedImage shot, Rectangle area) {
        Rectangle search = inked(shot, area).map(r -> grow(r, 3).intersection(area)).orElse(area);
        List<Match> best = new ArrayList<>();
        for (Icons.State state : Icons.State.values()) {
            Match m = null;
            for (int size : SIZES) {
                BufferedImage art = art(state, size);
                for (int y = search.y; y + size <= search.y + search.height; y++) {
                    for (int x = search.x; x + size <= search.x + search.width; x++) {
                        double s = difference(shot, x, y, art, m == null ? Double.MAX_VALUE : m.score());
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
        List<Match> m = iconMatches(shot, area);
        boolean shown = !m.isEmpty() && m.get(0).score() <= SAME && (m.size() == 1 || m.get(1).score() >= DIFFERENT);
        return shown ? Optional.of(m.get(0).state()) : Optional.empty();
    }

    /** Mean absolute per-channel difference over the art's opaque pixels; stops early once above {@code limit}. */
    private static double difference(BufferedImage shot, int x0, int y0, BufferedImage art, double limit) {
        long sum = 0;
        int n = 0;
        int opaque = opaquePixels(art);
        long stopAt = limit == Double.MAX_VALUE ? Long.MAX_VALUE : (long) (limit * 3 * opaque) + 1;
        for (int y = 0; y < art.getHeight(); y++) {
            for (int x = 0; x < art.getWidth(); x++) {
                int a = art.getRGB(x, y);
                if ((a >>> 24) < 250) {
                    continue;
                }
                sum += channelDistance(a, shot.getRGB(x0 + x, y0 + y));
                n++;
            }
            if (sum > stopAt) {
                return Double.MAX_VALUE;
            }
        }
        return sum / (3.0 * n);
    }

    private static final Map<String, BufferedImage> ART = new HashMap<>();
    private static final Map<BufferedImage, Integer> OPAQUE = new java.util.IdentityHashMap<>();

    private static synchronized BufferedImage art(Icons.State state, int size) {
        return ART.computeIfAbsent(state + "@" + size, k -> {
            URL url = Icons.png(state, size);
            try {
                return ImageIO.read(url);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static synchronized int opaquePixels(BufferedImage art) {
        return OPAQUE.computeIfAbsent(art, a -> {
            int n = 0;
            for (int y = 0; y < a.getHeight(); y++) {
                for (int x = 0; x < a.getWidth(); x++) {
                    n += (a.getRGB(x, y) >>> 24) >= 250 ? 1 : 0;
                }
            }
            return n;
        });
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
