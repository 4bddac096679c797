package org.watchtray.app.desktop.tray;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.watchtray.app.desktop.dbus.Pixmap;
import org.watchtray.icons.Icons;

/**
 * The tray-state icons as SNI pixmaps: every bundled size, ARGB32 in network byte order
 * (bytes A, R, G, B per pixel, not premultiplied), which is what hosts expect in
 * {@code IconPixmap}. Decoded once per state. ImageIO does not start the AWT toolkit, so
 * this costs no toolkit thread.
 */
public final class IconPixmaps {
    static final int[] SIZES = {16, 22, 24, 32, 48, 64};
    private final Map<Icons.State, List<Pixmap>> cache = new EnumMap<>(Icons.State.class);

    public synchronized List<Pixmap> of(Icons.State state) {
        return cache.computeIfAbsent(state, IconPixmaps::load);
    }

    private static List<Pixmap> load(Icons.State state) {
        List<Pixmap> out = new ArrayList<>();
        for (int size : SIZES) {
            URL url = Icons.png(state, size);
            if (url != null) {
                out.add(toPixmap(read(url)));
            }
        }
        return List.copyOf(out);
    }

    /** The image at {@code url} (one of the bundled PNGs). */
    static BufferedImage read(URL url) {
        try (InputStream in = url.openStream()) {
            BufferedImage img = ImageIO.read(in);
            if (img == null) {
                throw new IOException("not an image: " + url);
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Pixmap toPixmap(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] argb = new byte[w * h * 4];
        int i = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);   // non-premultiplied 0xAARRGGBB
                argb[i++] = (byte) (p >>> 24);
                argb[i++] = (byte) (p >>> 16);
                argb[i++] = (byte) (p >>> 8);
                argb[i++] = (byte) p;
            }
        }
        return new Pixmap(w, h, argb);
    }
}
