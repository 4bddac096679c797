package org.watchtray.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.AppProcess;
import org.watchtray.app.testing.Await;
import org.watchtray.app.testing.DesktopSession;
import org.watchtray.icons.Icons;

/**
 * The tray's first icon is already in the user's icon style: the whole app on a private session
 * bus with the real StatusNotifierWatcher, a settings file asking for the symbolic icon, and
 * dbus-monitor recording every NewIcon the item sends. A host fetches the icon when the item
 * registers and again at each NewIcon; an app that started in the built-in colour icon and
 * switched once the settings were read sends a NewIcon at start-up (the flash). The barrier is
 * a USB error after start-up, whose warning icon must be the first and only NewIcon.
 */
class FirstTrayIconTest {
    @TempDir
    Path tmp;

    @AfterEach
    void keepLogs(TestInfo test) throws IOException {
        Await.keepLogs(tmp, test);
    }

    @Test
    void theFirstIconTheItemPublishesHasTheConfiguredStyle() throws Exception {
        Path settings = Files.createDirectories(tmp.resolve("config/watchtray")).resolve("settings.json");
        Files.writeString(settings, "{\"version\": 2, \"appearance\": {\"tray_icon\": \"symbolic\"}}");
        try (DesktopSession s = DesktopSession.start(tmp).withWatcher()) {
            Path signals = s.monitor("type='signal',path='/StatusNotifierItem',member='NewIcon'");
            try (AppProcess app = AppProcess.start(s, DesktopSession.appDirs(tmp), "app")) {
                String ready = app.next(60);
                assertTrue(ready.startsWith("ready StatusNotifierItem"), ready);
                String item = ready.substring(ready.lastIndexOf(' ') + 1);
                assertSymbolic(s.trayIcon16(item), Icons.State.NORMAL, "the icon as the item registered it");

                app.ask("usb-error 1-1");
                assertTrue(DesktopSession.eventually(Duration.ofSeconds(20), () -> newIcons(signals) >= 1),
                        "the warning is announced");
                assertSymbolic(s.trayIcon16(item), Icons.State.WARNING, "the warning icon");
                assertEquals(1, newIcons(signals), "only the warning changed the icon: " + Files.readString(signals));
            }
        }
    }

    private static int newIcons(Path monitorLog) {
        try {
            return (int) Files.readAllLines(monitorLog).stream().filter(l -> l.contains("member=NewIcon")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The pixmap is the symbolic mask of {@code state}: its alpha, and one ink colour wherever it is drawn. */
    private static void assertSymbolic(byte[] argb, Icons.State state, String what) throws IOException {
        BufferedImage mask = ImageIO.read(Icons.symbolicPng(state, 16));
        Integer ink = null;
        for (int i = 0; i < 16 * 16; i++) {
            int alpha = mask.getRGB(i % 16, i / 16) >>> 24;
            assertEquals((byte) alpha, argb[i * 4], what + ": the mask's alpha at " + i);
            if (alpha > 0) {
                int rgb = (argb[i * 4 + 1] & 0xff) << 16 | (argb[i * 4 + 2] & 0xff) << 8 | (argb[i * 4 + 3] & 0xff);
                if (ink == null) {
                    ink = rgb;
                }
                assertEquals(ink, rgb, what + ": one ink at " + i);
            }
        }
    }
}
