package org.watchtray.app.desktop;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import javafx.application.Platform;
import org.watchtray.app.history.HistoryWriter;
import org.watchtray.app.settings.SettingsProblem;
import org.watchtray.app.text.EventText;
import org.watchtray.app.settings.SettingsService;
import org.watchtray.app.ui.FxBatchDispatcher;
import org.watchtray.app.ui.FxRuntime;
import org.watchtray.app.ui.MainWindow;
import org.watchtray.app.ui.Themes;
import org.watchtray.app.ui.settings.SettingsViewModel;
import org.watchtray.app.ui.settings.SettingsWindow;
import org.watchtray.app.ui.timeline.SourcesViewModel;
import org.watchtray.app.ui.timeline.TimelineTabs;
import org.watchtray.app.ui.timeline.TimelineViewModel;
import org.watchtray.core.event.Event;
import org.watchtray.core.history.HistoryStore;
import org.watchtray.core.pipeline.EventHub;
import org.watchtray.core.source.SourceStatus;

/**
 * The app's windows, made on first use: the main window (timeline, charts, sources) and the
 * settings dialog. The first time the main window is made it subscribes to the hub through the
 * one {@link FxBatchDispatcher} and reads the recent past back from the history, so nothing
 * before that moment is missing. Safe to call from any thread.
 */
public final class DesktopWindows {
    private static final System.Logger LOG = System.getLogger(DesktopWindows.class.getName());
    /** Rows the timeline keeps in memory; older ones stay in the history. */
    static final int TIMELINE_ROWS = 100_000;
    /** How much of the history is read back when the window first opens. */
    static final int RESTORE = 20_000;

    private final FxRuntime fx;
    private final EventHub hub;
    private final HistoryStore history;
    private final HistoryWriter historyWriter;
    private final SettingsService settings;
    private final Supplier<List<SourceStatus>> statuses;
    private final Clock clock;
    private final Runnable seen;
    private final Themes themes;
    private final org.watchtray.app.ui.timeline.ExportFolder exportFolder;
    private final EventText words;

    // FX-thread state.
    private MainWindow main;
    private SettingsWindow settingsWindow;
    private SettingsViewModel settingsModel;
    private SettingsProblem lastProblem;
    private boolean restoring;
    private Event revealAfterRestore;

    /**
     * @param seen called when the user has looked at the timeline (opened it, marked all read):
     *             the tray stops counting what it had
     * @param themes the colour scheme the windows follow
     * @param words  the user's language
     */
    public DesktopWindows(FxRuntime fx, EventHub hub, HistoryStore history, HistoryWriter historyWriter,
                          SettingsService settings, Supplier<List<SourceStatus>> statuses, Clock clock, Runnable seen,
                          org.watchtray.app.ui.timeline.ExportFolder exportFolder, Themes themes, EventText words) {
        this.words = words;
        this.exportFolder = exportFolder;
        this.fx = fx;
        this.hub = hub;
        this.history = history;
        this.historyWriter = historyWriter;
        this.settings = settings;
        this.statuses = statuses;
        this.clock = clock;
        this.seen = seen;
        this.themes = themes;
    }

    /** Shows the main window, at {@code at} when given. */
    public void openTimeline(Event at) {
        fx.run(() -> {
            MainWindow w = mainWindow();
            w.show(at);
            if (at != null && restoring) {
                // The row may still be on its way back from the history.
                revealAfterRestore = at;
            }
        });
    }

    public void openSettings() {
        fx.run(() -> settingsWindow().show());
    }

    /** Whether the main window is on screen (for tests and the idle benchmark). */
    public boolean timelineShowing() {
        return main != null && main.stage().isShowing();
    }

    /** A settings problem to show in the dialog's status line (now, or when it first opens). */
    public void settingsProblem(SettingsProblem p) {
        if (fx.isStarted()) {
            fx.run(() -> {
                lastProblem = p;
                if (settingsModel != null) {
                    settingsModel.showProblem(p);
                }
            });
        } else {
            synchronized (this) {
                lastProblem = p;
            }
        }
    }

    /** Hides every window (before the toolkit exits). */
    public void hideAll() {
        if (fx.isStarted()) {
            fx.run(() -> {
                if (main != null) {
                    main.hide();
                }
                if (settingsWindow != null) {
                    settingsWindow.stage().hide();
                }
            });
        }
    }

    private MainWindow mainWindow() {
        if (main == null) {
            TimelineViewModel timeline = new TimelineViewModel(clock, TIMELINE_ROWS, () -> {
                historyWriter.markAllRead();
                seen.run();
            }, exportFolder, words);
            SourcesViewModel sources = new SourcesViewModel(statuses);
            FxBatchDispatcher dispatcher = new FxBatchDispatcher(Platform::runLater, batch -> {
                timeline.accept(batch);
                sources.accept(batch);
            }, 10_000, clock);
            hub.subscribe("timeline window", dispatcher);
            restoring = true;
            Thread.ofPlatform().name("watchtray-history-read").daemon().start(() -> {
                List<HistoryStore.StoredEvent> past = List.of();
                try {
                    // Events published just before the window existed must be on disk to be read back.
                    historyWriter.awaitIdle(java.time.Duration.ofSeconds(2));
                    past = history.query(HistoryStore.Query.all(RESTORE));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "reading the history back failed: {0}", e.toString());
                }
                List<HistoryStore.StoredEvent> read = past;
                Platform.runLater(() -> {
                    timeline.restore(read);
                    sources.restore(read.reversed().stream().map(HistoryStore.StoredEvent::event).toList());
                    restoring = false;
                    if (revealAfterRestore != null) {
                        main.reveal(revealAfterRestore);
                        revealAfterRestore = null;
                    }
                });
            });
            main = new MainWindow(new TimelineTabs(timeline, sources, clock, words), this::openSettings, seen, themes, words.messages());
        }
        return main;
    }

    private SettingsWindow settingsWindow() {
        if (settingsWindow == null) {
            settingsModel = new SettingsViewModel(settings, Platform::runLater, words.messages());
            synchronized (this) {
                if (lastProblem != null) {
                    settingsModel.showProblem(lastProblem);
                }
            }
            settingsWindow = new SettingsWindow(settingsModel, themes, words.messages());
        }
        return settingsWindow;
    }
}
