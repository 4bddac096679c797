package org.watchtray.app.settings;

import org.watchtray.core.settings.SettingsBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.ReadOnlyView;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.XdgPaths;

class SettingsStoreTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);

    @TempDir
    Path home;
    final List<SettingsProblem> problems = new ArrayList<>();

    private XdgPaths paths(Path configHome, Path configDirs) {
        return new XdgPaths(new Environment(Map.of("XDG_CONFIG_HOME", configHome.toString(),
                "XDG_CONFIG_DIRS", configDirs.toString()), home));
    }

    private XdgPaths paths() {
        return paths(home.resolve("config"), home.resolve("etc-xdg"));
    }

    private SettingsStore store(XdgPaths p) {
        return SettingsStore.forUser(p, CLOCK, problems::add);
    }

    private static void write(Path file, String json) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
    }

    private static JsonNode readTree(Path file) throws IOException {
        return Json.MAPPER.readTree(file.toFile());
    }

    @Test
    void noFilesGivesTheBuiltInDefaultsWithoutComplaint() {
        Settings s = store(paths()).load();
        assertEquals(Settings.defaults(), s);
        assertEquals(List.of(), problems);
    }

    @Test
    void aChangeIsSavedSparseInReadableFormAndReadBack() throws IOException {
        XdgPaths p = paths();
        SettingsStore store = store(p);
        Settings changed = SettingsBuilder.from(store.load())
                .minToastSeverity(Severity.CRITICAL)
                .kerberos(new Settings.Kerberos(List.of(Duration.ofMinutes(90), Duration.ofSeconds(30)), true, List.of("KCM:")))
                .toasts(SourceId.USB, false)
                .quietHours(new Settings.QuietHours(true, LocalTime.of(23, 30), LocalTime.of(6, 45)))
                .mounts(new Settings.Mounts(List.of("/mnt/**"), List.of("tmpfs"), 5, Duration.ofMillis(1500)))
                .build();
        assertTrue(store.save(changed));

        JsonNode file = readTree(p.settingsFile());
        assertEquals(Settings.CURRENT_VERSION, file.get("version").intValue());
        assertEquals("critical", file.get("min_toast_severity").asText());
        assertEquals("[\"1h30m\",\"30s\"]", file.get("kerberos").get("lead_times").toString());
        assertTrue(file.get("kerberos").get("auto_renew").booleanValue());
        assertEquals("[\"KCM:\"]", file.get("kerberos").get("extra_collections").toString());
        assertFalse(file.get("sources").get("usb").get("toasts").booleanValue());
        assertEquals("23:30", file.get("quiet_hours").get("start").asText());
        assertEquals("{\"ignore_mount_points\":[\"/mnt/**\"],\"ignore_fs_types\":[\"tmpfs\"],\"burst_limit\":5,\"burst_window\":\"1s500ms\"}",
                file.get("mounts").toString());
        // Sparse: what equals the defaults is not written, so a later admin default still applies.
        assertFalse(file.has("thinpool") || file.has("thin_pool"), file.toString());
        assertFalse(file.get("sources").has("keys"), file.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p.settingsFile())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p.settingsFile().getParent())));

        assertEquals(changed, store(p).load());
        assertEquals(List.of(), problems);
    }

    @Test
    void isoDurationsAndCompactDurationsBothRead() throws IOException {
        XdgPaths p = paths();
        write(p.settingsFile(), """
                {"version": 1, "kerberos": {"lead_times": ["PT2H", "10m", "1h30m"]}, "usb": {"burst_window": "1500ms"},
                 "history": {"max_age": "P7D"}}""");
        Settings s = store(p).load();
        assertEquals(List.of(Duration.ofHours(2), Duration.ofMinutes(90), Duration.ofMinutes(10)), s.kerberos().leadTimes());
        assertEquals(Duration.ofMillis(1500), s.usb().burstWindow());
        assertEquals(Duration.ofDays(7), s.history().maxAge());
        assertEquals(List.of(), problems);
    }

    @Test
    void unknownFieldsAtAnyDepthSurviveALoadChangeSaveRoundTrip() throws IOException {
        XdgPaths p = paths();
        write(p.settingsFile(), """
                {
                  "version": 1,
                  "from_a_newer_version": {"enabled": true, "list": [1, "two", null]},
                  "kerberos": {"lead_times": ["20m"], "renew_window": "10m"},
                  "sources": {"bluetooth": {"toasts": false, "timeline": true}, "keys": {"toasts": true, "timeline": true, "sound": "bell"}},
                  "nothing": null
                }""");
        SettingsStore store = store(p);
        Settings loaded = store.load();
        assertEquals(List.of(Duration.ofMinutes(20)), loaded.kerberos().leadTimes());
        assertEquals(List.of(), problems);

        assertTrue(store.save(SettingsBuilder.from(loaded).minToastSeverity(Severity.NOTICE).build()));

        JsonNode file = readTree(p.settingsFile());
        assertEquals("{\"enabled\":true,\"list\":[1,\"two\",null]}", file.get("from_a_newer_version").toString());
        assertEquals("10m", file.get("kerberos").get("renew_window").asText());
        assertEquals("[\"20m\"]", file.get("kerberos").get("lead_times").toString());
        assertEquals("{\"toasts\":false,\"timeline\":true}", file.get("sources").get("bluetooth").toString());
        assertEquals("bell", file.get("sources").get("keys").get("sound").asText());
        assertTrue(file.get("nothing").isNull());
        assertEquals("notice", file.get("min_toast_severity").asText());
    }

    @Test
    void aNewerVersionIsReadAsFarAsUnderstoodAndKeepsItsVersion() throws IOException {
        XdgPaths p = paths();
        write(p.settingsFile(), "{\"version\": 7, \"min_toast_severity\": \"info\", \"v7_only\": 1}");
        SettingsStore store = store(p);
        Settings s = store.load();
        assertEquals(Severity.INFO, s.minToastSeverity());
        assertEquals(7, s.version());
        assertTrue(store.save(s));
        JsonNode file = readTree(p.settingsFile());
        assertEquals(7, file.get("version").intValue());
        assertEquals(1, file.get("v7_only").intValue());
    }

    @Test
    void migrationsRaiseAnOlderTreeBeforeItIsRead() throws IOException {
        XdgPaths p = paths();
        // Version 1 called it "min_severity"; version 2 renamed it.
        write(p.settingsFile(), "{\"version\": 1, \"min_severity\": \"critical\", \"extra\": true}");
        SettingsMigration renamed = new SettingsMigration() {
            @Override
            public int fromVersion() {
                return 1;
            }

            @Override
            public ObjectNode migrate(ObjectNode tree) {
                ObjectNode out = tree.deepCopy();
                out.set("min_toast_severity", out.remove("min_severity"));
                return out;
            }
        };
        SettingsStore store = new SettingsStore(p, 2, List.of(renamed), CLOCK, problems::add);
        Settings s = store.load();
        assertEquals(Severity.CRITICAL, s.minToastSeverity());
        assertEquals(2, s.version());
        assertTrue(store.save(s));
        JsonNode file = readTree(p.settingsFile());
        assertEquals(2, file.get("version").intValue());
        assertFalse(file.has("min_severity"));
        assertTrue(file.get("extra").booleanValue());
        assertEquals(List.of(), problems);
    }

    @Test
    void invalidJsonIsToldInWordsAndLeftAsItIsUntilTheAppKeepsItAside() throws IOException {
        XdgPaths p = paths();
        String broken = "{\"version\": 1,\n \"min_toast_severity\": \"critical\",,\n}";
        write(p.settingsFile(), broken);
        SettingsStore store = store(p);
        Settings s = store.load();

        assertEquals(Settings.defaults(), s);
        assertEquals(broken, Files.readString(p.settingsFile()), "reading changes nothing");
        assertEquals(List.of("settings.json"), names(p.settingsFile().getParent()));
        SettingsProblem problem = problems.getFirst();
        assertEquals(SettingsProblem.Kind.UNREADABLE, problem.kind());
        assertEquals("Your settings file " + p.settingsFile() + " could not be used (not valid JSON: a field name in"
                + " double quotes was expected at line 2, column 35). Default settings are in use and the file is left untouched.",
                problem.message());
        assertFalse(store.save(Settings.defaults()), "an invalid file is never overwritten");
        assertEquals(broken, Files.readString(p.settingsFile()));

        problems.clear();
        SettingsStore.Reading.Invalid seen = (SettingsStore.Reading.Invalid) store.read();
        assertTrue(store.keepAside(seen));
        Path aside = p.settingsFile().resolveSibling("settings.json.corrupt-20250304T050607Z");
        assertEquals(broken, Files.readString(aside), "the user's bytes are kept, untouched");
        assertFalse(Files.exists(p.settingsFile()));
        assertEquals(SettingsProblem.Kind.CORRUPT, problems.getFirst().kind());
        assertEquals(aside, problems.getFirst().aside());
        assertTrue(problems.getFirst().message().contains("settings.json.corrupt-20250304T050607Z"), problems.getFirst().message());
        assertTrue(store.save(Settings.defaults()), "once kept aside, the app may write a new file");
    }

    @Test
    void aFileThatChangedSinceItWasSeenInvalidIsNotKeptAside() throws IOException {
        XdgPaths p = paths();
        write(p.settingsFile(), "{\"autostart\": tr");
        SettingsStore store = store(p);
        SettingsStore.Reading.Invalid seen = (SettingsStore.Reading.Invalid) store.read();
        write(p.settingsFile(), "{\"autostart\": tru");
        assertFalse(store.keepAside(seen), "still invalid, but not the same file: the editor is still writing");
        assertEquals("{\"autostart\": tru", Files.readString(p.settingsFile()));
        assertEquals(List.of(), problems);
    }

    @Test
    void theEndOfAHalfWrittenFileIsToldAsTheObjectItLeavesOpen() throws IOException {
        XdgPaths p = paths();
        write(p.settingsFile(), "{\n  \"kerberos\": {\n    \"lead_times\": [\"1h\"");
        store(p).load();
        String detail = problems.getFirst().detail();
        assertEquals("not valid JSON: the file ends at line 3, column 24, before the list that begins at line 3,"
                + " column 19 is closed", detail);
    }

    @Test
    void aFieldOfTheWrongKindNamesTheFieldAndAnEarlierCopyIsNotOverwritten() throws IOException {
        XdgPaths p = paths();
        write(p.settingsFile(), "{\"kerberos\": {\"lead_times\": [\"15m\", \"soon\"]}}");
        write(p.settingsFile().resolveSibling("settings.json.corrupt-20250304T050607Z"), "an earlier one");
        SettingsStore store = store(p);
        assertEquals(Settings.defaults(), store.load());
        assertTrue(problems.getFirst().detail().startsWith("kerberos.lead_times[1]: 'soon' is not a duration"),
                problems.getFirst().detail());
        problems.clear();
        assertTrue(store.keepAside((SettingsStore.Reading.Invalid) store.read()));
        assertEquals("settings.json.corrupt-20250304T050607Z-1", problems.getFirst().aside().getFileName().toString(),
                "an earlier corrupt copy is not overwritten");
        assertEquals("an earlier one", Files.readString(p.settingsFile().resolveSibling("settings.json.corrupt-20250304T050607Z")));
    }

    @Test
    void outOfRangeValuesAndNonObjectsAreInvalidFieldsNeverExceptions() throws IOException {
        XdgPaths p = paths();
        for (String bad : List.of("[1,2]", "", "{\"thin_pool\": {\"data_thresholds\": [80, 120]}}",
                "{\"min_toast_severity\": \"loud\"}", "{\"version\": \"one\"}", "{\"history\": {\"max_age\": \"0s\"}}",
                "{\"quiet_hours\": {\"start\": \"25:00\"}}", "{\"autostart\": \"yes\"}", "{\"a\": 1, \"a\": 2}",
                "{\"history\":{\"max_age\":\"P342949672950D\"}}", "{\"keys\":{\"expiry_warning\":\"PT9999999999999H\"}}",
                "{\"thin_pool\": {\"data_thresholds\": [4294967297]}}", "{\"thin_pool\": {\"data_thresholds\": [1e400]}}",
                "{\"mounts\": {\"burst_limit\": 99999999999999999999999}}", "[".repeat(5000), "\u0000\u0001")) {
            problems.clear();
            write(p.settingsFile(), bad);
            assertEquals(Settings.defaults(), store(p).load(), bad);
            assertEquals(SettingsProblem.Kind.UNREADABLE, problems.getFirst().kind(), bad);
            assertFalse(problems.getFirst().detail().isBlank() || problems.getFirst().detail().contains("Exception"), problems.getFirst().detail());
            assertFalse(problems.getFirst().message().contains("Source:"), problems.getFirst().message());
        }
        assertEquals(List.of("settings.json"), names(p.settingsFile().getParent()), "nothing was moved");
        write(p.settingsFile(), "{\"history\":{\"max_age\":\"P342949672950D\"}}");
        store(p).load();
        assertEquals("history.max_age: is longer than 36500d, the longest duration a setting takes, found "
                + "\"P342949672950D\"", problems.getLast().detail());
        write(p.settingsFile(), "{\"thin_pool\": {\"data_thresholds\": [4294967297]}}");
        store(p).load();
        assertEquals("thinpool.data_thresholds[0]: expected a percentage from 1 to 100, found 4294967297",
                problems.getLast().detail());
    }

    @Test
    void anOverflowingAdminDurationIsAnIgnoredAdminFileNotADisabledSource() throws IOException {
        XdgPaths p = paths();
        write(p.adminSettingsFile(), "{\"keys\":{\"expiry_warning\":\"P342949672950D\"}, \"autostart\": true}");
        Settings s = store(p).load();
        assertEquals(Settings.defaults(), s, "the whole admin file is ignored, the built-in defaults hold");
        assertEquals(SettingsProblem.Kind.ADMIN_IGNORED, problems.getFirst().kind());
        assertTrue(problems.getFirst().detail().startsWith("keys.expiry_warning: is longer than 36500d"), problems.getFirst().detail());
    }

    @Test
    void onlyARegularFileIsReadAndOnlyUpToTheLimit() throws Exception {
        XdgPaths p = paths();
        Files.createDirectories(p.settingsFile().getParent());
        Files.createSymbolicLink(p.settingsFile(), Path.of("/dev/zero"));
        assertEquals(Settings.defaults(), store(p).load());
        assertTrue(problems.getLast().detail().contains("not a regular file"), problems.getLast().detail());

        Files.delete(p.settingsFile());
        Process mkfifo = new ProcessBuilder("mkfifo", p.settingsFile().toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        java.util.concurrent.CompletableFuture<Settings> fifo = java.util.concurrent.CompletableFuture.supplyAsync(() -> store(p).load());
        assertEquals(Settings.defaults(), fifo.get(30, java.util.concurrent.TimeUnit.SECONDS), "a FIFO is refused, not waited on");
        assertTrue(problems.getLast().detail().contains("not a regular file"), problems.getLast().detail());

        Files.delete(p.settingsFile());
        byte[] big = new byte[(1 << 20) + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        Files.write(p.settingsFile(), big);
        assertEquals(Settings.defaults(), store(p).load());
        assertTrue(problems.getLast().detail().contains("larger than the limit of 1048576 bytes"), problems.getLast().detail());
    }

    @Test
    void aFileThatIsNotSettingsNeverHasItsContentEchoed() throws IOException {
        XdgPaths p = paths();
        Path secret = home.resolve("shadow");
        Files.writeString(secret, "root:$y$j9T$SECRETHASH:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\n");
        Files.createDirectories(p.settingsFile().getParent());
        Files.createSymbolicLink(p.settingsFile(), secret);
        store(p).load();
        String message = problems.getLast().message();
        assertFalse(message.contains("root") || message.contains("SECRET") || message.contains("daemon") || message.contains("$y$"), message);
        assertTrue(message.contains("line 1, column 1"), message);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void adminDefaultsLieUnderTheUsersFileAndTheUsersFileStaysSparse() throws IOException {
        XdgPaths p = paths();
        write(p.adminSettingsFile(), "{\"version\": 1, \"min_toast_severity\": \"critical\", \"thin_pool\": {\"data_thresholds\": [70, 90]}, \"autostart\": true}");
        write(p.settingsFile(), "{\"version\": 1, \"thin_pool\": {\"data_thresholds\": [95]}}");
        SettingsStore store = store(p);
        Settings s = store.load();
        assertEquals(Severity.CRITICAL, s.minToastSeverity(), "from the admin file");
        assertTrue(s.autostart(), "from the admin file");
        assertEquals(List.of(95), s.thinPool().dataThresholds(), "the user's own value wins");
        assertEquals(Settings.ThinPool.DEFAULT.metadataThresholds(), s.thinPool().metadataThresholds(), "built-in");

        assertTrue(store.save(SettingsBuilder.from(s).toasts(SourceId.KEYS, false).build()));
        JsonNode file = readTree(p.settingsFile());
        assertFalse(file.has("min_toast_severity"), "an admin default is not copied into the user's file: " + file);
        assertEquals("[95]", file.get("thinpool").get("data_thresholds").toString(), "version 1's thin_pool, under the one name");
        assertFalse(file.has("thin_pool"), file.toString());
        assertEquals(List.of(), problems);
    }

    @Test
    void anInvalidAdminFileIsReportedAndIgnoredNeverMoved() throws IOException {
        XdgPaths p = paths();
        write(p.adminSettingsFile(), "{\"min_toast_severity\": 3}");
        write(p.settingsFile(), "{\"autostart\": true}");
        Settings s = store(p).load();
        assertEquals(Settings.defaults().minToastSeverity(), s.minToastSeverity());
        assertTrue(s.autostart());
        assertEquals(SettingsProblem.Kind.ADMIN_IGNORED, problems.getFirst().kind());
        assertTrue(problems.getFirst().message().contains("min_toast_severity"), problems.getFirst().message());
        assertTrue(Files.exists(p.adminSettingsFile()));
    }

    @Test
    void aReadOnlyDirectoryIsReportedOnceAndSettingsLiveOnInMemory() throws IOException {
        Path config = home.resolve("config");
        write(config.resolve("watchtray/settings.json"), "{\"min_toast_severity\": \"notice\"}");
        try (ReadOnlyView ro = new ReadOnlyView(config)) {
            XdgPaths p = paths(ro.path(), home.resolve("etc-xdg"));
            SettingsStore store = store(p);
            Settings loaded = store.load();
            assertEquals(Severity.NOTICE, loaded.minToastSeverity(), "reading works on a read-only filesystem");

            SettingsService service = new SettingsService(store, loaded, new Autostart(p, "/usr/bin/watchtray"), problems::add);
            List<Settings> applied = new ArrayList<>();
            service.listen(applied::add);
            service.update(s -> SettingsBuilder.from(s).minToastSeverity(Severity.CRITICAL).build());
            service.update(s -> SettingsBuilder.from(s).toasts(SourceId.USB, false).build());

            assertEquals(Severity.CRITICAL, service.current().minToastSeverity(), "the change lives on in memory");
            assertFalse(service.current().rules(SourceId.USB).toasts());
            assertEquals(2, applied.size(), "and is applied live");
            assertEquals(1, problems.size(), "told once, not on every change: " + problems);
            assertEquals(SettingsProblem.Kind.NOT_SAVED, problems.getFirst().kind());
            assertTrue(problems.getFirst().message().contains("read-only file system"), problems.getFirst().message());
        }
        assertEquals("{\"min_toast_severity\": \"notice\"}", Files.readString(config.resolve("watchtray/settings.json")));
        try (Stream<Path> files = Files.list(config.resolve("watchtray"))) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }

    @Test
    void aCorruptFileThatCannotBeMovedAsideIsNeverOverwritten() throws IOException {
        Path config = home.resolve("config");
        write(config.resolve("watchtray/settings.json"), "{oops");
        try (ReadOnlyView ro = new ReadOnlyView(config)) {
            XdgPaths p = paths(ro.path(), home.resolve("etc-xdg"));
            SettingsStore store = store(p);
            assertEquals(Settings.defaults(), store.load());
            assertFalse(store.keepAside((SettingsStore.Reading.Invalid) store.read()));
            assertEquals(SettingsProblem.Kind.UNREADABLE, problems.getLast().kind());
            assertTrue(problems.getLast().message().contains("could not be moved aside: read-only file system"), problems.getLast().message());
            assertFalse(store.save(Settings.defaults()));
        }
        assertEquals("{oops", Files.readString(config.resolve("watchtray/settings.json")));
    }

    @Test
    void aSymlinkedSettingsFileIsWrittenThroughNotReplaced() throws IOException {
        XdgPaths p = paths();
        Path dotfiles = home.resolve("dotfiles/watchtray.json");
        write(dotfiles, "{\"autostart\": false}");
        Files.createDirectories(p.settingsFile().getParent());
        Files.createSymbolicLink(p.settingsFile(), dotfiles);
        SettingsStore store = store(p);
        assertTrue(store.save(SettingsBuilder.from(store.load()).minToastSeverity(Severity.INFO).build()));
        assertTrue(Files.isSymbolicLink(p.settingsFile()));
        assertEquals("info", readTree(dotfiles).get("min_toast_severity").asText());
    }

    @Test
    void autostartEntryIsWrittenAndRemovedAndMasksASystemEntry() throws IOException {
        XdgPaths p = paths();
        Autostart a = new Autostart(p, "/opt/watch tray/bin/watchtray");
        assertFalse(a.isEnabled());
        a.set(true);
        String entry = Files.readString(p.autostartFile(), StandardCharsets.UTF_8);
        assertTrue(entry.startsWith("[Desktop Entry]\nType=Application\nName=watchtray\n"), entry);
        assertTrue(entry.contains("\nExec=\"/opt/watch tray/bin/watchtray\"\n"), entry);
        assertTrue(a.isEnabled());
        a.set(false);
        assertFalse(Files.exists(p.autostartFile()));

        write(p.systemConfigDir().resolve("autostart/watchtray.desktop"), "[Desktop Entry]\nType=Application\nName=watchtray\nExec=watchtray\n");
        assertTrue(a.isEnabled(), "the package's system entry starts it");
        a.set(false);
        assertTrue(Files.readString(p.autostartFile()).contains("\nHidden=true\n"));
        assertFalse(a.isEnabled());
    }

    @Test
    void execArgumentsAreQuotedPerTheDesktopEntrySpec() {
        assertEquals("/usr/bin/watchtray", Autostart.execArgument("/usr/bin/watchtray"));
        assertEquals("\"/home/a b/100%/\\\\$x\"", Autostart.execArgument("/home/a b/100%/$x").replace("%%", "%"));
    }

    @Test
    void settingsServiceWritesTheAutostartEntryWhenTheSwitchChanges() {
        XdgPaths p = paths();
        SettingsStore store = store(p);
        SettingsService service = new SettingsService(store, store.load(), new Autostart(p, "/usr/bin/watchtray"), problems::add);
        service.update(s -> SettingsBuilder.from(s).autostart(true).build());
        assertTrue(Files.exists(p.autostartFile()));
        service.update(s -> SettingsBuilder.from(s).autostart(false).build());
        assertFalse(Files.exists(p.autostartFile()));
        assertEquals(List.of(), problems);
    }
}
