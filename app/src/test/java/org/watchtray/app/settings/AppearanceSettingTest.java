package org.watchtray.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Grouping;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.core.settings.XdgPaths;

/**
 * How the windows look, in settings.json: {@code "appearance": {"color_scheme": "system" | "light" | "dark"}}, and the
 * timeline's grouping, {@code "timeline": {"grouping": "none" | "day" | "source" | "subject"}}.
 */
class AppearanceSettingTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);

    @TempDir
    Path home;
    final List<SettingsProblem> problems = new ArrayList<>();

    private XdgPaths paths() {
        return new XdgPaths(new Environment(Map.of("XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_CONFIG_DIRS", home.resolve("etc-xdg").toString()), home));
    }

    @Test
    void byDefaultTheWindowsFollowTheDesktop() {
        assertEquals(Settings.ColorScheme.SYSTEM, SettingsStore.forUser(paths(), CLOCK, problems::add).load().appearance().colorScheme());
    }

    @Test
    void aChosenSchemeIsSavedByItsNameAndReadBack() throws IOException {
        SettingsStore store = SettingsStore.forUser(paths(), CLOCK, problems::add);
        assertTrue(store.save(SettingsBuilder.from(store.load()).appearance(Settings.Appearance.DEFAULT.withColorScheme(Settings.ColorScheme.DARK)).build()));
        JsonNode file = Json.MAPPER.readTree(paths().settingsFile().toFile());
        assertEquals("dark", file.get("appearance").get("color_scheme").asText());
        assertEquals(Settings.ColorScheme.DARK, SettingsStore.forUser(paths(), CLOCK, problems::add).load().appearance().colorScheme());
        assertEquals(List.of(), problems);
    }

    @Test
    void anUnknownSchemeIsReportedByItsPathAndTheDefaultsAreUsed() throws IOException {
        Files.createDirectories(paths().settingsFile().getParent());
        Files.writeString(paths().settingsFile(), "{\"version\": 1, \"appearance\": {\"color_scheme\": \"purple\"}}");
        Settings s = SettingsStore.forUser(paths(), CLOCK, problems::add).load();
        assertEquals(Settings.ColorScheme.SYSTEM, s.appearance().colorScheme());
        // Reading reports an invalid file and leaves it; only the running app keeps it aside (SettingsFileWatch).
        assertEquals(SettingsProblem.Kind.UNREADABLE, problems.getFirst().kind());
        assertTrue(problems.getFirst().message().contains("appearance.color_scheme"), problems.getFirst().message());
        assertTrue(problems.getFirst().message().contains("one of system, light, dark"), problems.getFirst().message());
    }

    @Test
    void notGroupedByDefaultAndAChoiceIsSavedByItsNameAndReadBack() throws IOException {
        SettingsStore store = SettingsStore.forUser(paths(), CLOCK, problems::add);
        Settings loaded = store.load();
        assertEquals(Grouping.NONE, loaded.timeline().grouping());
        assertTrue(store.save(SettingsBuilder.from(loaded).grouping(Grouping.SOURCE).build()));
        JsonNode file = Json.MAPPER.readTree(paths().settingsFile().toFile());
        assertEquals("source", file.get("timeline").get("grouping").asText());
        Settings back = SettingsStore.forUser(paths(), CLOCK, problems::add).load();
        assertEquals(Grouping.SOURCE, back.timeline().grouping());
        assertEquals(loaded.appearance(), back.appearance(), "the other settings stay");
        assertEquals(List.of(), problems);
    }

    @Test
    void anUnknownGroupingIsReportedByItsPath() throws IOException {
        Files.createDirectories(paths().settingsFile().getParent());
        Files.writeString(paths().settingsFile(), "{\"version\": 2, \"timeline\": {\"grouping\": \"by_mood\"}}");
        Settings s = SettingsStore.forUser(paths(), CLOCK, problems::add).load();
        assertEquals(Grouping.NONE, s.timeline().grouping());
        assertTrue(problems.getFirst().message().contains("timeline.grouping"), problems.getFirst().message());
        assertTrue(problems.getFirst().message().contains("one of none, day, source, subject"), problems.getFirst().message());
    }
}
