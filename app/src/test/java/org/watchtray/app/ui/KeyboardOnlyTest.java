package org.watchtray.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.DesktopSession;

/**
 * The keyboard-only walk ({@link KeyboardProbe}) on a real X server with GTK and a private
 * session bus, so the export goes through the real GTK save dialog. Each step the probe took
 * is one line of its output.
 */
@Tag("xvfb")
class KeyboardOnlyTest {
    @TempDir
    Path tmp;

    @Test
    void openFilterSearchSelectReadExportAndCloseWithTheKeyboardAlone() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Dprism.order=sw",
                    "-Dtestfx.robot=glass", "-Djavafx.cachedir=" + tmp.resolve("openjfx"),
                    "-cp", System.getProperty("java.class.path"), KeyboardProbe.class.getName(), tmp.toString());
            pb.environment().keySet().removeIf(k -> k.startsWith("XDG_") || k.startsWith("DBUS_") || k.equals("DISPLAY"));
            pb.environment().putAll(s.environment());
            pb.environment().put("GTK_A11Y", "none");
            pb.environment().put("GSETTINGS_BACKEND", "memory");   // GTK's file chooser keeps its state; no dconf here
            pb.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
            pb.redirectError(tmp.resolve("probe.log").toFile());
            Process probe = pb.start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = probe.inputReader(StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } finally {
                if (!probe.waitFor(60, TimeUnit.SECONDS)) {
                    probe.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            assertEquals(List.of("OK open", "OK search field focused by Ctrl+F", "OK Tab reaches the severity choice",
                    "OK filter: warning and above", "OK F4 opens the severity choice",
                    "OK Esc in the open choice closes only the choice", "OK search: one row about /home", "OK the row is selected", "OK its details show",
                    "OK the export menu opens", "OK the save dialog opens", "OK the rows shown are exported",
                    "OK Ctrl+, opens the settings", "OK Esc closes the settings", "OK the main window has the keyboard again",
                    "OK the export button still has the focus", "OK Esc closes the main window", "DONE"),
                    lines, () -> "probe log: " + read(tmp.resolve("probe.log")));
        }
    }

    private static String read(Path p) {
        try {
            String s = java.nio.file.Files.readString(p);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
