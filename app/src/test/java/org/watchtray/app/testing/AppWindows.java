package org.watchtray.app.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.watchtray.app.settings.Autostart;
import org.watchtray.app.settings.SettingsService;
import org.watchtray.app.settings.SettingsStore;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.app.ui.MainWindow;
import org.watchtray.app.ui.PaletteSource;
import org.watchtray.app.ui.Themes;
import org.watchtray.app.ui.settings.SettingsViewModel;
import org.watchtray.app.ui.settings.SettingsWindow;
import org.watchtray.app.ui.timeline.SourcesViewModel;
import org.watchtray.app.ui.timeline.TimelineTabs;
import org.watchtray.app.ui.timeline.TimelineViewModel;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.XdgPaths;
import org.watchtray.core.source.SourceStatus;

/**
 * The app's real windows for UI tests, built the way {@code DesktopWindows} builds them: the
 * main window (timeline, charts, sources) filled with events of every family, and the settings
 * window over a real settings file, both themed from one {@link PaletteSource}. Build and use
 * on the FX thread.
 */
public final class AppWindows {
    public static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    public final Clock clock = Clock.fixed(T0.plus(Duration.ofMinutes(20)), java.time.ZoneOffset.UTC);
    public final TimelineViewModel timeline;
    public final SourcesViewModel sources;
    public final MainWindow main;
    public final SettingsService service;
    public final SettingsViewModel settingsModel;
    public final SettingsWindow settings;
    public final Themes themes;
    public final EventText words;
    public final List<String> opened = new ArrayList<>();

    private AppWindows(Path dir, PaletteSource palette, Messages messages) throws IOException {
        themes = new Themes(palette);
        words = new EventText(messages);
        // Statuses as the sources word them (StatusText knows these phrases).
        List<SourceStatus> statuses = List.of(
                SourceStatus.active(SourceId.KEYS, "kernel notification queue (watching session, user keyrings)"),
                SourceStatus.active(SourceId.MOUNTS, "fanotify mount events on the mount namespace + statmount (remounts: poll(POLLPRI) on /proc/self/mountinfo)"),
                SourceStatus.degraded(SourceId.USB, "via watchtray-agent: NETLINK_KOBJECT_UEVENT group 1 only (plug, unplug, over-current)",
                        "/dev/kmsg: EPERM"),
                SourceStatus.unavailable(SourceId.THINPOOL, "watchtray-agent not installed (no socket at /run/watchtray/agent.sock)"));
        timeline = new TimelineViewModel(clock, 10_000, () -> opened.add("marked read"),
                org.watchtray.app.ui.timeline.ExportFolder.of(new Environment(Map.of(), dir)), words, null);
        sources = new SourcesViewModel(() -> statuses);
        List<Event> events = SampleEvents.everyFamily(T0);
        timeline.accept(events);
        sources.accept(events);
        timeline.charts().refresh();

        Path home = Files.createDirectories(dir);
        XdgPaths paths = new XdgPaths(new Environment(Map.of("XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_CONFIG_DIRS", home.resolve("etc").toString()), home));
        SettingsStore store = SettingsStore.forUser(paths, Clock.systemUTC(), p -> { });
        service = new SettingsService(store, store.load(), new Autostart(paths, "/usr/bin/watchtray"), p -> { });
        settingsModel = new SettingsViewModel(service, Platform::runLater, messages);
        settings = new SettingsWindow(settingsModel, themes, messages);
        main = new MainWindow(new TimelineTabs(timeline, sources, clock, words), () -> {
            opened.add("settings");
            settings.show();
        }, () -> opened.add("shown"), themes, messages);
    }

    /** Builds the windows (not shown) on the FX thread, in English. */
    public static AppWindows create(Path dir, PaletteSource palette) {
        return create(dir, palette, Messages.english(java.time.ZoneOffset.UTC));
    }

    /** Builds the windows (not shown) on the FX thread, speaking {@code messages}. */
    public static AppWindows create(Path dir, PaletteSource palette, Messages messages) {
        return Fx.call(() -> new AppWindows(dir, palette, messages));
    }

    /** Every window with its name, for tests that walk them all. */
    public Map<String, Stage> stages() {
        return Map.of("main", main.stage(), "settings", settings.stage());
    }

    /** Hides both windows (on the FX thread). */
    public void hide() {
        Fx.run(() -> {
            main.hide();
            settings.stage().hide();
        });
    }

    public Scene mainScene() {
        return main.stage().getScene();
    }

    public Scene settingsScene() {
        return settings.stage().getScene();
    }
}
