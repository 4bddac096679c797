package org.watchtray.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.settings.Autostart;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.XdgPaths;

/**
 * The menu entry, the autostart template and the AppStream metadata carry their texts in English
 * and in every shipped language, as the message bundles word them. When a bundle changes, run
 * this test with {@code -Dwatchtray.translations.write=true} to write the files again (then
 * review and commit them).
 */
class DesktopTranslationsTest {
    private static final Path RESOURCES = Path.of("src/main/resources");

    @Test
    void theMenuEntryIsWordedFromTheBundles() throws IOException {
        String entry = check("applications/org.watchtray.Watchtray.desktop", s -> DesktopTranslations.desktopEntry(s, DesktopTranslations.MENU_ENTRY));
        assertTrue(entry.contains("\nComment[de]=Desktop-Hinweise und eine Zeitleiste für Kernel- und Systemereignisse\n"), entry);
        assertTrue(entry.contains("\nGenericName[de]=Systemereignis-Monitor\n"), entry);
        assertTrue(entry.contains("\nName=watchtray\n"), entry);
    }

    @Test
    void theAutostartTemplateIsWordedFromTheBundles() throws IOException {
        String entry = check("autostart/watchtray.desktop", s -> DesktopTranslations.desktopEntry(s, DesktopTranslations.AUTOSTART_ENTRY));
        assertTrue(entry.contains("\nComment=Start watchtray in the tray at login\nComment[de]="), entry);
    }

    @Test
    void theAppStreamMetadataIsWordedFromTheBundles() throws IOException {
        String metainfo = check("metainfo/org.watchtray.Watchtray.metainfo.xml", DesktopTranslations::metainfo);
        assertTrue(metainfo.contains("<summary xml:lang=\"de\">Desktop-Hinweise und eine Zeitleiste für Kernel- und Systemereignisse</summary>"), metainfo);
        assertEquals(7, metainfo.split("xml:lang=\"de\"").length - 1, "the summary, two paragraphs and four list items in German");
    }

    /** The entry the app writes when the user turns on "start at login" carries the translated comment too, and is valid. */
    @Test
    void theAutostartEntryTheAppWritesIsTranslatedAndValid(@TempDir Path home) throws Exception {
        XdgPaths paths = new XdgPaths(new Environment(Map.of(), home));
        Autostart autostart = new Autostart(paths, "/usr/bin/watchtray");
        autostart.set(true);
        String entry = Files.readString(autostart.entry(), StandardCharsets.UTF_8);
        assertTrue(entry.contains("\nComment=Start watchtray in the tray at login\nComment[de]=watchtray bei der Anmeldung im Infobereich starten\n"), entry);
        Run run = Run.of("desktop-file-validate", autostart.entry().toString());
        assertEquals("", run.output(), run.describe());
        assertEquals(0, run.exit(), run.describe());
    }

    /** A bundle that changed is seen: the generator does not just copy the file. */
    @Test
    void aStaleTranslationIsFound() throws IOException {
        String shipped = Files.readString(RESOURCES.resolve("applications/org.watchtray.Watchtray.desktop"), StandardCharsets.UTF_8);
        String stale = shipped.replace("Comment[de]=Desktop-Hinweise", "Comment[de]=Alte Hinweise");
        assertTrue(!stale.equals(shipped) && !DesktopTranslations.desktopEntry(stale, Map.of("Comment", "desktop.comment")).equals(stale));
    }

    /** The file as shipped equals the file regenerated from the bundles (written again on request). */
    private static String check(String name, UnaryOperator<String> regenerate) throws IOException {
        Path file = RESOURCES.resolve(name);
        String shipped = Files.readString(file, StandardCharsets.UTF_8);
        String expected = regenerate.apply(shipped);
        if (Boolean.getBoolean("watchtray.translations.write") && !expected.equals(shipped)) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
            shipped = expected;
        }
        assertEquals(expected, shipped, name + " is not as the bundles word it: run DesktopTranslationsTest with -Dwatchtray.translations.write=true");
        return shipped;
    }
}
