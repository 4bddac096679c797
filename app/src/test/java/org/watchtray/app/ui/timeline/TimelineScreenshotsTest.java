package org.watchtray.app.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The timeline window as a real X11 window: starts its own Xvfb (display chosen by
 * {@code -displayfd}) and a private session bus (dbus-run-session), runs {@link ScreenshotProbe}
 * in a child JVM there, and captures the screen with ImageMagick's {@code import} for each tab.
 * The pictures are kept in {@code app/target/screenshots/} as test artifacts.
 */
@Tag("xvfb")
class TimelineScreenshotsTest {
    private static final Path OUT = Path.of("target", "screenshots");
    private Process xvfb;

    @AfterEach
    void stopXvfb() {
        if (xvfb != null) {
            xvfb.destroy();
        }
    }

    @Test
    void theTimelineChartsAndSourcesLookRightOnARealDisplay() throws Exception {
        Files.createDirectories(OUT);
        xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader xout = xvfb.inputReader(StandardCharsets.US_ASCII);
        String display = ":" + xout.readLine().strip();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("dbus-run-session", "--", java, "--enable-native-access=ALL-UNNAMED",
                "-Dprism.order=sw", "-Djavafx.cachedir=" + Path.of("target", "openjfx-cache").toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), ScreenshotProbe.class.getName());
        pb.environment().put("DISPLAY", display);
        pb.environment().put("NO_AT_BRIDGE", "1");
        pb.environment().put("GTK_A11Y", "none");
        pb.redirectErrorStream(true);
        Process probe = pb.start();
        List<String> shots = new ArrayList<>();
        List<String> log = new ArrayList<>();
        try (BufferedReader r = probe.inputReader(StandardCharsets.UTF_8); Writer w = probe.outputWriter(StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                log.add(line);
                if (line.startsWith("SHOT ")) {
                    String name = line.substring(5);
                    captureWhenDrawn(display, OUT.resolve(name + ".png"));
                    shots.add(name);
                    w.write("ok\n");
                    w.flush();
                }
            }
        }
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS), "the window closed");
        assertEquals(0, probe.exitValue(), "probe output: " + log);
        assertEquals(List.of("timeline", "timeline-detail", "charts", "sources"), shots, log.toString());
        for (String name : shots) {
            Path png = OUT.resolve(name + ".png");
            int colours = colours(png);
            assertTrue(colours > 200, name + " shows a drawn window, not an empty screen: " + colours + " colours");
        }
    }

    /**
     * Captures the screen once the window is drawn: on a loaded machine the first frame can come
     * later than the probe's pause, and a capture of a not-yet-painted window proves nothing.
     * The assertion below still fails a window that never paints.
     */
    private static void captureWhenDrawn(String display, Path png) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            capture(display, png);
            if (colours(png) > 200) {
                return;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < end);
    }

    private static int colours(Path png) throws IOException, InterruptedException {
        return Integer.parseInt(run("convert", png.toString(), "-format", "%k", "info:").strip());
    }

    private static void capture(String display, Path png) throws IOException, InterruptedException {
        run("import", "-display", display, "-window", "root", png.toString());
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }
}
