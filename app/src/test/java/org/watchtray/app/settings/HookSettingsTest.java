package org.watchtray.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.hooks.HookSpec;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.core.settings.XdgPaths;

/** Hooks and the journal switch in the layered settings files. */
class HookSettingsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);

    @TempDir
    Path home;
    final List<SettingsProblem> problems = new ArrayList<>();

    private XdgPaths paths() {
        return new XdgPaths(new Environment(Map.of("XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_CONFIG_DIRS", home.resolve("etc-xdg").toString()), home));
    }

    private SettingsStore store() {
        return SettingsStore.forUser(paths(), CLOCK, problems::add);
    }

    private static void write(Path file, String json) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
    }

    private Path executable(String name) throws IOException {
        Path p = home.resolve(name);
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void adminAndUserHooksAddUpAndAUserMayTurnOffAnAdminHook() throws IOException {
        Path audit = executable("audit");
        Path mine = executable("mine");
        write(paths().adminSettingsFile(), """
                {"hooks": {"audit": {"command": ["%s"], "events": ["*"]},
                           "extend": {"command": ["%s", "--admin"], "events": ["thinpool.*"]}}}""".formatted(audit, audit));
        write(paths().settingsFile(), """
                {"hooks": {"mine": {"command": ["%s"], "events": ["kerberos.expires_soon"], "timeout": "5s"},
                           "extend": {"enabled": false}}}""".formatted(mine));
        Settings s = store().load();
        assertEquals(List.of("audit", "extend", "mine"), s.hooks().stream().map(HookSpec::name).toList());
        HookSpec extend = s.hooks().get(1);
        assertFalse(extend.enabled(), "turned off by the user");
        assertEquals(List.of(audit.toString(), "--admin"), extend.command(), "the rest is the admin's");
        assertEquals(Duration.ofSeconds(5), s.hooks().get(2).timeout());
        assertEquals(List.of(), problems);
    }

    @Test
    void aHookTheUserMayNotRunIsAProblemNamingItsFile() throws IOException {
        Path plain = home.resolve("plain");
        Files.writeString(plain, "#!/bin/sh\n");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        write(paths().adminSettingsFile(), """
                {"hooks": {"admins": {"command": ["%s/missing"]}}}""".formatted(home));
        write(paths().settingsFile(), """
                {"hooks": {"relative": {"command": ["notify-send", "hi"]}, "plain": {"command": ["%s"]}}}""".formatted(plain));
        SettingsStore store = store();
        Settings s = store.load();
        assertEquals(3, s.hooks().size(), "the file is valid: its hooks are kept, only skipped");
        List<String> messages = store.hookProblems(s).stream().map(SettingsProblem::message).toList();
        assertEquals(List.of(
                "In " + paths().adminSettingsFile() + ", hook 'admins': " + home + "/missing does not exist. The hook is skipped until that is fixed.",
                "In " + paths().settingsFile() + ", hook 'plain': " + plain + " is not executable by this user. The hook is skipped until that is fixed.",
                "In " + paths().settingsFile() + ", hook 'relative': the command must be an absolute path such as /usr/local/bin/notify-send,"
                        + " not \"notify-send\" (hooks do not search PATH). The hook is skipped until that is fixed."), messages);
        assertTrue(Files.exists(paths().settingsFile()), "a hook problem does not move the settings file aside");
    }

    @Test
    void aMalformedHookIsAnInvalidFileNamingTheField() throws IOException {
        write(paths().settingsFile(), """
                {"hooks": {"x": {"command": "/bin/true --flag"}}}""");
        store().load();
        // Reading reports an invalid file and leaves it; only the running app keeps it aside (SettingsFileWatch).
        assertEquals(SettingsProblem.Kind.UNREADABLE, problems.getFirst().kind());
        assertTrue(problems.getFirst().message().contains("hooks.x.command: expected a list of text, found \"/bin/true --flag\""),
                problems.getFirst().message());
    }

    @Test
    void theJournalSwitchIsOnByDefaultAndSavedSparse() throws IOException {
        SettingsStore store = store();
        Settings s = store.load();
        assertTrue(s.journal().enabled());
        assertTrue(store.save(SettingsBuilder.from(s).journal(new Settings.Journal(false)).build()));
        assertEquals("{\n  \"version\" : " + Settings.CURRENT_VERSION + ",\n  \"journal\" : {\n    \"enabled\" : false\n  }\n}\n", Files.readString(paths().settingsFile()));
        assertFalse(store().load().journal().enabled());
    }
}
