package org.watchtray.app.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.watchtray.app.settings.Autostart;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.app.settings.SettingsProblem;
import org.watchtray.app.settings.SettingsService;
import org.watchtray.app.settings.SettingsStore;
import org.watchtray.app.testing.ReadOnlyView;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.XdgPaths;

/** The settings dialog driven as a user would, on JavaFX's Headless platform, with a real settings file. */
@ExtendWith(ApplicationExtension.class)
class SettingsViewTest {
    @TempDir
    static Path home;
    private XdgPaths paths;
    private SettingsService service;
    private SettingsViewModel model;
    private final List<Settings> applied = new CopyOnWriteArrayList<>();
    private final List<SettingsProblem> problems = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory(home, "case");
        paths = new XdgPaths(new Environment(Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString(),
                "XDG_CONFIG_DIRS", dir.resolve("etc").toString()), dir));
        SettingsStore store = SettingsStore.forUser(paths, Clock.systemUTC(), problems::add);
        service = new SettingsService(store, store.load(), new Autostart(paths, "/usr/bin/watchtray"), problems::add);
        service.listen(applied::add);
        model = new SettingsViewModel(service, Platform::runLater);
        stage.setScene(new Scene(new SettingsView(model), 640, 620));
        org.watchtray.app.ui.Themes.paint(stage.getScene(), org.watchtray.app.ui.Palette.LIGHT);
        stage.show();
    }

    private JsonNode file() throws Exception {
        return new ObjectMapper().readTree(paths.settingsFile().toFile());
    }

    private void typeInto(FxRobot robot, String id, String text) {
        TextField f = robot.lookup("#" + id).queryAs(TextField.class);
        robot.interact(() -> {
            f.requestFocus();
            f.setText(text);
        });
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void showTab(FxRobot robot, int index) {
        robot.interact(() -> robot.lookup("#settings-tabs").queryAs(TabPane.class).getSelectionModel().select(index));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void switchesApplyLiveAndAreSaved(FxRobot robot) throws Exception {
        CheckBox usbToasts = robot.lookup("#toasts-usb").queryAs(CheckBox.class);
        assertTrue(usbToasts.isSelected());
        robot.clickOn(usbToasts);
        WaitForAsyncUtils.waitForFxEvents();

        assertFalse(service.current().rules(SourceId.USB).toasts());
        assertTrue(service.current().rules(SourceId.USB).timeline());
        assertFalse(applied.getLast().rules(SourceId.USB).toasts(), "applied to the running app");
        assertFalse(file().get("sources").get("usb").get("toasts").booleanValue(), "and saved");

        robot.clickOn("#timeline-keys");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(service.current().rules(SourceId.KEYS).timeline());

        @SuppressWarnings("unchecked")
        ComboBox<Severity> severity = robot.lookup("#min-severity").queryAs(ComboBox.class);
        robot.interact(() -> severity.setValue(Severity.CRITICAL));
        assertEquals(Severity.CRITICAL, service.current().minToastSeverity());
        assertEquals("critical", file().get("min_toast_severity").asText());
        assertEquals(org.watchtray.app.text.Messages.english(java.time.ZoneOffset.UTC).text(SettingsViewModel.SAVED), robot.lookup("#settings-status").queryAs(Label.class).getText());
    }

    @Test
    void textIsCheckedNormalisedAndOnlyValidTextIsApplied(FxRobot robot) throws Exception {
        showTab(robot, 1);
        int before = applied.size();
        typeInto(robot, "kerberos-lead-times", "15m, soon");
        Label error = robot.lookup(".error").match(l -> ((Label) l).isVisible()).queryAs(Label.class);
        assertEquals("'soon' is not a duration such as 90s, 15m, 1h30m or 30d", error.getText());
        assertEquals(Settings.Kerberos.DEFAULT.leadTimes(), service.current().kerberos().leadTimes(), "nothing applied");
        assertEquals(before, applied.size());

        typeInto(robot, "kerberos-lead-times", "15m,  2h  5m");
        assertEquals(List.of(Duration.ofHours(2), Duration.ofMinutes(15), Duration.ofMinutes(5)), service.current().kerberos().leadTimes());
        assertEquals("2h, 15m, 5m", robot.lookup("#kerberos-lead-times").queryAs(TextField.class).getText(), "shown as saved");
        assertFalse(error.isVisible(), "the error goes away");
        assertEquals("[\"2h\",\"15m\",\"5m\"]", file().get("kerberos").get("lead_times").toString());

        typeInto(robot, "kerberos-collections", "KCM:  KEYRING:persistent:1000");
        typeInto(robot, "kerberos-lead-times", "30m");
        assertEquals(List.of("KCM:", "KEYRING:persistent:1000"), service.current().kerberos().extraCollections(),
                "editing one Kerberos setting keeps the others");

        typeInto(robot, "data-thresholds", "80, 120");
        assertEquals("120 is not a percentage from 1 to 100", model.dataThresholds().error().get());
        typeInto(robot, "data-thresholds", "95%, 85 %");
        assertEquals(List.of(85, 95), service.current().thinPool().dataThresholds());

        typeInto(robot, "mount-burst-limit", "5");
        typeInto(robot, "mount-burst-window", "2s");
        assertEquals(new Settings.Mounts(Settings.Mounts.DEFAULT.ignoreMountPoints(), Settings.Mounts.DEFAULT.ignoreFsTypes(), 5,
                Duration.ofSeconds(2)), service.current().mounts(), "the burst fields keep the ignore patterns");
        typeInto(robot, "mount-burst-window", "0s");
        assertEquals("The time must be longer than 0s", model.mountBurstWindow().error().get());

        typeInto(robot, "usb-burst-window", "5m");
        assertEquals("A burst longer than 1m would hide separate problems", model.usbBurstWindow().error().get());
        typeInto(robot, "usb-burst-window", "1500ms");
        assertEquals(Duration.ofMillis(1500), service.current().usb().burstWindow());
    }

    @Test
    void quietHoursFieldsFollowTheirSwitch(FxRobot robot) {
        TextField start = robot.lookup("#quiet-start").queryAs(TextField.class);
        assertTrue(start.isDisabled());
        robot.clickOn("#quiet-enabled");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(start.isDisabled());
        typeInto(robot, "quiet-start", "23:30");
        typeInto(robot, "quiet-end", "6:15");
        Settings.QuietHours q = service.current().quietHours();
        assertTrue(q.enabled());
        assertEquals("23:30", q.start().toString());
        assertEquals("06:15", q.end().toString());
        assertEquals("06:15", robot.lookup("#quiet-end").queryAs(TextField.class).getText());
        typeInto(robot, "quiet-end", "25:00");
        assertEquals("'25:00' is not a time of day such as 22:00", model.quietEnd().error().get());
    }

    @Test
    void autostartWritesAndRemovesTheDesktopEntry(FxRobot robot) {
        showTab(robot, 2);
        robot.clickOn("#autostart");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Files.exists(paths.autostartFile()));
        robot.clickOn("#autostart");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(Files.exists(paths.autostartFile()));
        typeInto(robot, "history-max-age", "7d");
        typeInto(robot, "history-max-events", "50,000");
        assertEquals(new Settings.History(Duration.ofDays(7), 50_000), service.current().history());
    }

    @Test
    void theHistoryFileSizeLimitIsShownCheckedAndSaved(FxRobot robot) throws Exception {
        showTab(robot, 2);
        assertEquals("512", robot.lookup("#history-max-megabytes").queryAs(TextField.class).getText(), "the default shows");
        typeInto(robot, "history-max-megabytes", "2,048");
        assertEquals(new Settings.History(Duration.ofDays(365), 1_000_000, 2048), service.current().history());
        assertTrue(Files.readString(paths.settingsFile()).matches("(?s).*\"max_megabytes\"\\s*:\\s*2048\\b.*"), "written to settings.json");
        typeInto(robot, "history-max-age", "30d");
        assertEquals(2048, service.current().history().maxMegabytes(), "changing the age keeps the size");

        typeInto(robot, "history-max-megabytes", "0");
        assertEquals("0 is not a size from 1 to 1048576 MB", model.historyMaxMegabytes().error().get());
        typeInto(robot, "history-max-megabytes", "lots");
        assertEquals("'lots' is not a whole number", model.historyMaxMegabytes().error().get());
        assertEquals(2048, service.current().history().maxMegabytes(), "a refused value changes nothing");
    }

    @Test
    void aChangeMadeElsewhereShowsUp(FxRobot robot) throws Exception {
        // The "Mute USB" button of a toast runs on the toast thread.
        Thread t = Thread.ofPlatform().start(() -> service.update(s -> SettingsBuilder.from(s).toasts(SourceId.USB, false).build()));
        t.join();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !robot.lookup("#toasts-usb").queryAs(CheckBox.class).isSelected());
        assertFalse(robot.lookup("#toasts-usb").queryAs(CheckBox.class).isSelected());
    }

    @Test
    void aReadOnlyConfigDirectoryIsSaidCalmlyAndChangesStillApply(FxRobot robot) throws Exception {
        Path config = paths.configHome();
        Files.createDirectories(config);
        try (ReadOnlyView ro = new ReadOnlyView(config)) {
            XdgPaths roPaths = new XdgPaths(new Environment(Map.of("XDG_CONFIG_HOME", ro.path().toString()), home));
            SettingsStore store = SettingsStore.forUser(roPaths, Clock.systemUTC(), problems::add);
            SettingsService roService = new SettingsService(store, store.load(), new Autostart(roPaths, "watchtray"), problems::add);
            SettingsViewModel[] vm = new SettingsViewModel[1];
            robot.interact(() -> vm[0] = new SettingsViewModel(roService, Platform::runLater));
            robot.interact(() -> vm[0].setToasts(SourceId.MOUNTS, false));
            assertFalse(roService.current().rules(SourceId.MOUNTS).toasts(), "applied in memory");
            assertEquals(SettingsProblem.Kind.NOT_SAVED, problems.getFirst().kind());
            robot.interact(() -> vm[0].showProblem(problems.getFirst()));
            assertTrue(vm[0].status().get().startsWith("Settings cannot be saved to "), vm[0].status().get());
            assertTrue(vm[0].status().get().endsWith("(read-only file system). Changes apply until watchtray quits."), vm[0].status().get());
            robot.interact(() -> vm[0].setToasts(SourceId.USB, false));
            assertTrue(vm[0].status().get().startsWith("Settings cannot be saved"), "still not saved, still said");
        }
    }
}
