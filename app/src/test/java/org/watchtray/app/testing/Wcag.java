package org.watchtray.app.testing;

/** WCAG 2.1 relative luminance and contrast ratio of sRGB colours given as 0xRRGGBB. */
public final class Wcag {
    private Wcag() {
    }

    public static double contrast(int rgbA, int rgbB) {
        double a = luminance(rgbA);
        double b = luminance(rgbB);
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }

    public static double luminance(int rgb) {
        return 0.2126 * channel((rgb >> 16) & 255) + 0.7152 * channel((rgb >> 8) & 255) + 0.0722 * channel(rgb & 255);
    }

    /** {@code #rrggbb} (a trailing alpha pair is ignored) as 0xRRGGBB. */
    public static int rgb(String hex) {
        return Integer.parseInt(hex.substring(1, 7), 16);
    }

    private static double channel(int v) {
        double c = v / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
