package org.watchtray.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.AppProcess;
import org.watchtray.app.testing.DesktopSession;
import org.watchtray.app.testing.ScreenPixels;

/**
 * The whole app follows the desktop's colour scheme through the real XDG desktop portal on a
 * private session: GNOME's {@code color-scheme} in GSettings is changed with {@code gsettings}
 * while the timeline window is open, and the window's own pixels (an X screenshot) turn dark
 * and light again. Screenshots: {@code target/screenshots/timeline-portal-{dark,light}.png}.
 */
@Tag("xvfb")
class DesktopAppearanceTest {
    private static final Path SHOTS = Path.of("target/screenshots");

    @TempDir
    Path tmp;

    @Test
    void theOpenTimelineFollowsThePortalLive() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX()) {
            s.gsettings("set", "org.gnome.desktop.interface", "color-scheme", "prefer-dark");
            s.withPortal();
            try (AppProcess app = AppProcess.start(s, Map.of("XDG_CONFIG_HOME", tmp.resolve("config").toString(),
                    "XDG_STATE_HOME", tmp.resolve("state").toString(), "XDG_CONFIG_DIRS", tmp.resolve("etc-xdg").toString()), "app")) {
                // No tray in this session: the app opens its timeline window at once.
                assertEquals("ready no-tray", app.next(60));
                assertTrue(DesktopSession.eventually(Duration.ofSeconds(45), () -> luminance(s, "timeline-portal-dark.png") < 0.3),
                        "the window is dark, as the portal says");

                s.gsettings("set", "org.gnome.desktop.interface", "color-scheme", "prefer-light");
                assertTrue(DesktopSession.eventually(Duration.ofSeconds(45), () -> luminance(s, "timeline-portal-light.png") > 0.7),
                        "the window turned light when the desktop did");
            }
        }
    }

    /**
     * The relative luminance (0–1) of the timeline window's background, its most common colour, once
     * the window is painted (an unpainted window is one flat colour); saves its picture.
     */
    private static double luminance(DesktopSession s, String name) {
        try {
            String window = s.visibleWindow("^watchtray$").orElse(null);
            if (window == null) {
                return Double.NaN;
            }
            Path png = Files.createDirectories(SHOTS).resolve(name);
            s.run(List.of("import", "-window", window, png.toString()));
            BufferedImage img = ImageIO.read(png.toFile());
            if (colours(img) < 100) {
                return Double.NaN;
            }
            int bg = ScreenPixels.background(img, new java.awt.Rectangle(img.getWidth(), img.getHeight()));
            return org.watchtray.app.testing.Wcag.luminance(bg);
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    private static int colours(BufferedImage img) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
