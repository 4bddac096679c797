package org.watchtray.app.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.settings.Environment;

/** Where the export chooser opens: documents (XDG user dirs), else home, then the last folder used. */
class ExportFolderTest {
    @TempDir
    Path home;

    private Environment env(Map<String, String> vars) {
        return new Environment(vars, Path.of("/nonexistent-account-home"));
    }

    @Test
    void theDocumentsFolderFromUserDirsRelativeToHome() throws Exception {
        Files.createDirectories(home.resolve("Dokumente"));
        Files.createDirectories(home.resolve(".config"));
        Files.writeString(home.resolve(".config/user-dirs.dirs"),
                "# This file is written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/Schreibtisch\"\nXDG_DOCUMENTS_DIR=\"$HOME/Dokumente\"\n");
        assertEquals(home.resolve("Dokumente"), ExportFolder.of(env(Map.of("HOME", home.toString()))).initial());
    }

    @Test
    void anAbsoluteDocumentsPathInXdgConfigHomeAndTheVariableItself() throws Exception {
        Path docs = Files.createDirectories(home.resolve("papers"));
        Path config = Files.createDirectories(home.resolve("cfg"));
        Files.writeString(config.resolve("user-dirs.dirs"), "XDG_DOCUMENTS_DIR=\"" + docs + "\"\n");
        assertEquals(docs, ExportFolder.of(env(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", config.toString()))).initial());
        Path other = Files.createDirectories(home.resolve("other"));
        assertEquals(other, ExportFolder.of(env(Map.of("HOME", home.toString(), "XDG_DOCUMENTS_DIR", other.toString()))).initial());
    }

    @Test
    void homeWhenThereIsNoDocumentsFolderAndThenTheLastFolderUsed() throws Exception {
        ExportFolder f = ExportFolder.of(env(Map.of("HOME", home.toString())));
        assertEquals(home, f.initial(), "no user-dirs.dirs: home, never the working directory");
        Files.createDirectories(home.resolve(".config"));
        Files.writeString(home.resolve(".config/user-dirs.dirs"), "XDG_DOCUMENTS_DIR=\"$HOME/Documents\"\n");
        assertEquals(home, ExportFolder.of(env(Map.of("HOME", home.toString()))).initial(), "a documents folder that does not exist");

        Path exports = Files.createDirectories(home.resolve("exports"));
        f.used(exports.resolve("events.csv"));
        assertEquals(exports, f.initial());
    }
}
