package org.watchtray.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.watchtray.app.testing.Await.eventually;
import static org.watchtray.app.testing.Await.quietly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.AppProcess;
import org.watchtray.app.testing.Await;
import org.watchtray.app.testing.DesktopSession;

/**
 * The timeline's Export menu used with the real mouse (TestFX's glass robot) on a bare X server,
 * through GTK's own file chooser: each item opens the chooser, which starts in the user's
 * documents folder and then in the folder of the last export. On a bare X server the focus
 * follows the pointer once a native dialog has closed, which used to make the next click on a
 * menu item close the menu and do nothing.
 */
@Tag("xvfb")
class ExportClickTest {
    private static final String DIALOG = "Export the events shown";

    @TempDir
    Path tmp;

    @AfterEach
    void keepLogs(TestInfo test) throws IOException {
        Await.keepLogs(tmp, test);
    }

    /** Opens Export, clicks {@code item}, types {@code name} into GTK's chooser and saves. */
    private static void export(DesktopSession s, AppProcess app, String item, String name) throws Exception {
        assertEquals("clicked watchtray|Export", app.ask("click watchtray|Export"));
        eventually("the menu shows " + item, quietly(() -> app.ask("popup " + item).equals("yes")));
        assertEquals("clicked " + item, app.ask("click-popup " + item));
        eventually("the file chooser opens for " + item, quietly(() -> !s.window(DIALOG).isEmpty()));
        s.run(List.of("xdotool", "windowfocus", "--sync", s.window(DIALOG), "key", "ctrl+a", "type", name));
        s.run(List.of("xdotool", "key", "Return"));
        eventually("the chooser closes", quietly(() -> s.window(DIALOG).isEmpty()));
        String status = app.ask("status");
        assertTrue(!status.startsWith("Could not export"), status);
    }

    @Test
    void eachExportItemOpensTheChooserInTheDocumentsFolderThenInTheLastOne() throws Exception {
        Path documents = Files.createDirectories(tmp.resolve("Documents-de"));
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("user-dirs.dirs"), "# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\n"
                + "XDG_DOCUMENTS_DIR=\"$HOME/Documents-de\"\n");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        try (DesktopSession s = DesktopSession.start(tmp).withX();
             AppProcess app = AppProcess.start(s, Map.of("XDG_CONFIG_HOME", config.toString(),
                     "XDG_STATE_HOME", tmp.resolve("state").toString()), "app")) {
            assertEquals("ready no-tray", app.next(60));
            eventually("the timeline shows", quietly(() -> !s.window("watchtray").isEmpty()));
            eventually("with its rows", quietly(() -> app.ask("rows").contains("no tray icon")));

            // A bare name: saved where the chooser opened, the documents folder (not the working directory).
            export(s, app, "CSV (spreadsheet)\u2026", "first.csv");
            eventually("CSV written to the documents folder", quietly(() -> Files.exists(documents.resolve("first.csv"))));
            assertTrue(Files.readAllLines(documents.resolve("first.csv")).getFirst().startsWith("time,source,severity"));

            // After a native dialog: the next click on an item still works. This one goes elsewhere.
            export(s, app, "JSON\u2026", elsewhere.resolve("second.json").toString());
            eventually("JSON written", quietly(() -> Files.exists(elsewhere.resolve("second.json"))));
            assertTrue(Files.readString(elsewhere.resolve("second.json")).strip().startsWith("["));

            // The chooser remembers the last folder.
            export(s, app, "CSV (spreadsheet)\u2026", "third.csv");
            boolean third = DesktopSession.eventually(Await.LIMIT, () -> Files.exists(elsewhere.resolve("third.csv")));
            try (var files = Files.walk(tmp)) {
                assertTrue(third, "CSV written to the last folder used; found: "
                        + files.filter(f -> f.getFileName().toString().startsWith("third")).toList());
            }
        }
    }
}
