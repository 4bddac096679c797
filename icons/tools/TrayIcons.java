import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the four tray-state icons (normal, warning, critical, paused) as SVG and as PNGs at the
 * hicolor sizes, from one description on a 64-unit canvas. The states differ in shape as well
 * as colour (ring, triangle, disc with "!", pause bars) so they read for colour-blind users and
 * on monochrome panels. Run from the repository root:
 *   java icons/tools/TrayIcons.java icons/src/main/resources/org/watchtray/icons
 */
public final class TrayIcons {
    record Part(Shape shape, Color fill, Color stroke, float strokeWidth, String svg) {
    }

    static final int[] SIZES = {16, 22, 24, 32, 48, 64, 128};

    static Color c(int rgb) {
        return new Color(rgb);
    }

    static String hex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    static Part disc(double cx, double cy, double r, Color fill, Color stroke, float sw) {
        String svg = String.format(java.util.Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"%s\"%s/>", cx, cy, r, hex(fill),
                stroke == null ? "" : String.format(java.util.Locale.ROOT, " stroke=\"%s\" stroke-width=\"%s\"", hex(stroke), sw));
        return new Part(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r), fill, stroke, sw, svg);
    }

    static Part ring(double cx, double cy, double r, Color color, float width) {
        String svg = String.format(java.util.Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"/>", cx, cy, r, hex(color), width);
        return new Part(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r), null, color, width, svg);
    }

    static Part bar(double x, double y, double w, double h, Color fill) {
        String svg = String.format(java.util.Locale.ROOT, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" rx=\"%s\" fill=\"%s\"/>", x, y, w, h, w / 2, hex(fill));
        return new Part(new RoundRectangle2D.Double(x, y, w, h, w, w), fill, null, 0, svg);
    }

    static Part triangle(Color fill, Color stroke) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(32, 7);
        p.lineTo(59, 55);
        p.lineTo(5, 55);
        p.closePath();
        String svg = String.format("<path d=\"M32 7 L59 55 L5 55 Z\" fill=\"%s\" stroke=\"%s\" stroke-width=\"6\" stroke-linejoin=\"round\"/>", hex(fill), hex(stroke));
        return new Part(p, fill, stroke, 6, svg);
    }

    static List<Part> state(String name) {
        Color white = Color.WHITE;
        return switch (name) {
            case "normal" -> List.of(ring(32, 32, 23, c(0x3a80e0), 9), disc(32, 32, 9, c(0x3a80e0), null, 0));
            case "warning" -> List.of(triangle(c(0xf2a900), c(0xf2a900)), bar(28.5, 22, 7, 20, c(0x3a2a00)), disc(32, 48.5, 4, c(0x3a2a00), null, 0));
            case "critical" -> List.of(disc(32, 32, 28, c(0xd93025), c(0xa51d14), 2), bar(28, 13, 8, 25, white), disc(32, 47.5, 4.8, white, null, 0));
            case "paused" -> List.of(disc(32, 32, 28, c(0x767c86), c(0x5b6069), 2), bar(21.5, 18, 8, 28, white), bar(34.5, 18, 8, 28, white));
            default -> throw new IllegalArgumentException(name);
        };
    }

    static BufferedImage render(List<Part> parts, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.transform(AffineTransform.getScaleInstance(size / 64.0, size / 64.0));
        for (Part p : parts) {
            if (p.fill() != null) {
                g.setColor(p.fill());
                g.fill(p.shape());
            }
            if (p.stroke() != null) {
                g.setColor(p.stroke());
                g.setStroke(new BasicStroke(p.strokeWidth(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(p.shape());
            }
        }
        g.dispose();
        return img;
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        for (String s : List.of("normal", "warning", "critical", "paused")) {
            List<Part> parts = state(s);
            StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" viewBox=\"0 0 64 64\">\n");
            parts.forEach(p -> svg.append("  ").append(p.svg()).append('\n'));
            svg.append("</svg>\n");
            Files.writeString(out.resolve("watchtray-" + s + ".svg"), svg);
            for (int size : SIZES) {
                Path png = out.resolve("png/" + size + "/watchtray-" + s + ".png");
                Files.createDirectories(png.getParent());
                ImageIO.write(render(parts, size), "png", png.toFile());
            }
        }
    }
}
