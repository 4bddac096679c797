package org.watchtray.app.desktop.tray;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.watchtray.app.desktop.dbus.Pixmap;
import org.watchtray.icons.Icons;

/**
 * The tray-state icons as SNI pixmaps: every bundled size, ARGB32 in network byte order
 * (bytes A, R, G, B per pixel, not premultiplied), which is what hosts expect in
 * {@code IconPixmap}. In colour they are the bundled PNGs; symbolic, the bundled one-colour
 * masks with their colour replaced by the look's ink (only the alpha of the mask is kept).
 * Decoded once per state and look. ImageIO does not start the AWT toolkit, so this costs no
 * toolkit thread.
 */
public final class IconPixmaps {
    static final int[] SIZES = {16, 22, 24, 32, 48, 64};
    private final Map<String, List<Pixmap>> cache = new HashMap<>();

    public List<Pixmap> of(Icons.State state) {
        return of(state, TrayLook.COLOR);
    }

    public synchronized List<Pixmap> of(Icons.State state, TrayLook look) {
        return cache.computeIfAbsent(state + "/" + look, k -> load(state, look));
    }

    private static List<Pixmap> load(Icons.State state, TrayLook look) {
        List<Pixmap> out = new ArrayList<>();
        for (int size : sizes(look)) {
            art(state, size, look).ifPresent(img -> out.add(toPixmap(img)));
        }
        return List.copyOf(out);
    }

    /** The sizes there is art for in this look. */
    static int[] sizes(TrayLook look) {
        return look.symbolic() ? Icons.SYMBOLIC_SIZES.stream().mapToInt(Integer::intValue).toArray() : SIZES;
    }

    /** The art of {@code state} at {@code size} in this look, if that size is bundled. */
    static Optional<BufferedImage> art(Icons.State state, int size, TrayLook look) {
        URL url = look.symbolic() ? Icons.symbolicPng(state, size) : Icons.png(state, size);
        if (url == null) {
            return Optional.empty();
        }
        BufferedImage img = read(url);
        return Optional.of(look.symbolic() ? inked(img, look.ink()) : img);
    }

    /** The mask's alpha with every pixel in {@code rgb}. */
    static BufferedImage inked(BufferedImage mask, int rgb) {
        BufferedImage out = new BufferedImage(mask.getWidth(), mask.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < mask.getHeight(); y++) {
            for (int x = 0; x < mask.getWidth(); x++) {
                out.setRGB(x, y, (mask.getRGB(x, y) & 0xff000000) | (rgb & 0xffffff));
            }
        }
        return out;
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
