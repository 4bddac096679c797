package org.watchtray.app.desktop;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import javafx.application.Platform;
import org.watchtray.app.settings.LiveSettings;
import org.watchtray.app.settings.SettingsProblem;
import org.watchtray.app.text.EventText;
import org.watchtray.app.ui.FxBatchDispatcher;
import org.watchtray.app.ui.FxRuntime;
import org.watchtray.app.ui.MainWindow;
import org.watchtray.app.ui.Themes;
import org.watchtray.app.ui.WindowTrace;
import org.watchtray.app.ui.settings.SettingsViewModel;
import org.watchtray.app.ui.settings.SettingsWindow;
import org.watchtray.app.ui.timeline.ExportFolder;
import org.watchtray.app.ui.timeline.HistoryPages;
import org.watchtray.app.ui.timeline.SourcesViewModel;
import org.watchtray.app.ui.timeline.TimelineTabs;
import org.watchtray.app.ui.timeline.TimelineViewModel;
import org.watchtray.core.event.Event;
import org.watchtray.core.history.HistoryStore;
import org.watchtray.core.pipeline.EventSink;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.time.SystemZone;

/**
 * The app's windows in this JVM, made on first use: the main window (timeline, charts, sources)
 * and the settings dialog. The first time the main window is made it subscribes to the
 * {@link Host}'s events through the one {@link FxBatchDispatcher} and reads the recent past back
 * from the history, so nothing before that moment is missing; {@link #close} ends that
 * subscription. Safe to call from any thread.
 */
public final class DesktopWindows implements Windows {
    private static final System.Logger LOG = System.getLogger(DesktopWindows.class.getName());
    /** Rows the timeline keeps in memory; older ones stay in the history. */
    static final int TIMELINE_ROWS = 100_000;
    /** Rows kept in memory when the rest is paged from the history: a flood stays cheap to show. */
    static final int TIMELINE_ROWS_PAGED = 5_000;
    /** Events shown per FX turn when the rest can be paged from the history: a frame's worth. */
    static final int PAGED_CHUNK = 500;
    /**
     * The least time between two FX turns of events when the rest is paged: every turn that
     * changes the window costs a full render, so a flood repaints it ten times a second
     * instead of at every frame, and frames in between stay free (docs/timeline.md, "A flood").
     */
    static final java.time.Duration PAGED_PACE = java.time.Duration.ofMillis(100);
    /** How much of the history is read back when the window first opens. */
    static final int RESTORE = 20_000;
    /** Read back into memory when the rest is paged: one screenful and a little more, so the window opens at once. */
    static final int RESTORE_PAGED = 500;

    /** What the windows show and whom they tell: the tray's own parts, or the tray over the window feed. */
    public interface Host {
        /** Live events from now on; close the handle to stop. */
        AutoCloseable subscribe(EventSink sink);

        /** The newest {@code limit} events of the history, once everything accepted so far is in it. */
        List<HistoryStore.StoredEvent> recentHistory(int limit) throws InterruptedException;

        /** Each source's status now. */
        List<SourceStatus> statuses();

        /** "Mark all read": every event so far, in the history; the tray stops counting. */
        void markAllRead();

        /** The user has looked at the timeline: the tray stops counting what it had. */
        void seen();

        LiveSettings settings();

        /** The history for the timeline to page below its newest rows (its own readers), or null when it cannot be paged. */
        HistoryPages pages();
    }

    private final FxRuntime fx;
    private final Host host;
    private final Clock clock;
    private final Themes themes;
    private final ExportFolder exportFolder;
    private final EventText words;
    private final SystemZone zone;

    // FX-thread state.
    private MainWindow main;
    private AutoCloseable subscription;
    private SettingsWindow settingsWindow;
    private SettingsViewModel settingsModel;
    private SettingsProblem lastProblem;
    private boolean restoring;
    private Event revealAfterRestore;

    /**
     * @param themes the colour scheme the windows follow
     * @param words  the user's language
     */
    public DesktopWindows(FxRuntime fx, Host host, Clock clock, ExportFolder exportFolder, Themes themes, EventText words) {
        this(fx, host, clock, exportFolder, themes, words, SystemZone.fixed(clock.getZone()));
    }

    /** @param zone the system's zone, followed by {@code clock} and {@code words}: the open windows redraw their times when it changes */
    public DesktopWindows(FxRuntime fx, Host host, Clock clock, ExportFolder exportFolder, Themes themes, EventText words, SystemZone zone) {
        this.zone = zone;
        this.words = words;
        this.fx = fx;
        this.host = host;
        this.clock = clock;
        this.exportFolder = exportFolder;
        this.themes = themes;
    }

    @Override
    public void openTimeline(Event at) {
        openTimeline(at, () -> { });
    }

    /** Shows the main window, at {@code at} when given; {@code shown} runs on the FX thread once it is up. */
    public void openTimeline(Event at, Runnable shown) {
        fx.run(() -> {
            WindowTrace.mark("open");
            MainWindow w = mainWindow();
            WindowTrace.mark("built");
            w.show(at);
            WindowTrace.mark("shown");
            if (at != null && restoring) {
                // The row may still be on its way back from the history.
                revealAfterRestore = at;
            }
            shown.run();
        });
    }

    @Override
    public void openSettings() {
        openSettings(() -> { });
    }

    public void openSettings(Runnable shown) {
        fx.run(() -> {
            settingsWindow().show();
            shown.run();
        });
    }

    /** Whether the main window is on screen (for tests and the idle benchmark). */
    public boolean timelineShowing() {
        return main != null && main.stage().isShowing();
    }

    @Override
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

    /** Hides every window (before the toolkit exits) and ends the main window's subscription. */
    @Override
    public void close() {
        if (fx.isStarted()) {
            fx.run(() -> {
                if (main != null) {
                    main.hide();
                }
                if (settingsWindow != null) {
                    settingsWindow.stage().hide();
                }
                if (subscription != null) {
                    try {
                        subscription.close();
                    } catch (Exception e) {
                        LOG.log(Level.DEBUG, "ending the timeline's subscription: {0}", e.toString());
                    }
                    subscription = null;
                }
            });
        }
    }

    private MainWindow mainWindow() {
        if (main == null) {
            // Below the newest events, the timeline pages the SQLite history itself (on its own connection).
            HistoryPages pages = host.pages();
            WindowTrace.mark("pages");
            int restore = pages == null ? RESTORE : RESTORE_PAGED;
            TimelineViewModel timeline = new TimelineViewModel(clock, pages == null ? TIMELINE_ROWS : TIMELINE_ROWS_PAGED,
                    host::markAllRead, exportFolder, words, pages);
            // The grouping opens as the user left it, and each choice is kept in the settings.
            timeline.setGrouping(host.settings().current().timeline().grouping());
            timeline.grouping().addListener((o, was, now) ->
                    host.settings().update(s -> org.watchtray.core.settings.SettingsBuilder.from(s).grouping(now).build()));
            SourcesViewModel sources = new SourcesViewModel(host::statuses);
            FxBatchDispatcher dispatcher = new FxBatchDispatcher(Platform::runLater, batch -> {
                timeline.accept(batch);
                sources.accept(batch);
            }, 10_000, pages == null ? FxBatchDispatcher.DEFAULT_CHUNK : PAGED_CHUNK, pages != null,
                    pages == null ? java.time.Duration.ZERO : PAGED_PACE, clock);
            subscription = host.subscribe(dispatcher);
            restoring = true;
            Thread.ofPlatform().name("watchtray-history-read").daemon().start(() -> {
                List<HistoryStore.StoredEvent> past = List.of();
                try {
                    past = host.recentHistory(restore);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "reading the history back failed: {0}", e.toString());
                }
                WindowTrace.mark("read");
                List<HistoryStore.StoredEvent> read = past;
                Platform.runLater(() -> {
                    timeline.restore(read);
                    sources.restore(read.reversed().stream().map(HistoryStore.StoredEvent::event).toList());
                    restoring = false;
                    WindowTrace.mark("restored");
                    if (revealAfterRestore != null) {
                        main.reveal(revealAfterRestore);
                        revealAfterRestore = null;
                    }
                });
            });
            WindowTrace.mark("models");
            TimelineTabs tabs = new TimelineTabs(timeline, sources, clock, words, zone);
            WindowTrace.mark("tabs");
            main = new MainWindow(tabs, this::openSettings, host::seen, themes, words.messages());
        }
        return main;
    }

    private SettingsWindow settingsWindow() {
        if (settingsWindow == null) {
            settingsModel = new SettingsViewModel(host.settings(), Platform::runLater, words.messages());
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
