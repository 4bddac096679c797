package org.watchtray.app.desktop;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.watchtray.app.desktop.notify.ToastCenter;
import org.watchtray.app.history.HistoryOpener;
import org.watchtray.app.history.HistoryWriter;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.history.HistoryStore;
import org.watchtray.core.pipeline.EventHub;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.SourceStatus;

/**
 * The history as the tray process keeps it: the store (the SQLite file, or memory when that
 * cannot open), its writer subscribed to the hub, and its line in the Sources tab.
 */
final class DesktopHistory implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DesktopHistory.class.getName());

    private final HistoryOpener.Opened opened;
    private final Path file;
    private final HistoryStatus status;
    private final HistoryWriter writer;
    private final AutoCloseable subscription;

    private DesktopHistory(HistoryOpener.Opened opened, Path file, HistoryStatus status, HistoryWriter writer, AutoCloseable subscription) {
        this.opened = opened;
        this.file = file;
        this.status = status;
        this.writer = writer;
        this.subscription = subscription;
    }

    /**
     * Opens the history, tells the toasts what it says was already said, and takes what the hub
     * delivers from now on; the writer holds it until {@link #start} (the history opens before
     * the settings load, so that nothing said while they load is missed, and the user's
     * retention must be known before the writer's first step drops old events).
     */
    static DesktopHistory open(Path file, Clock clock, EventHub hub, ToastCenter toasts) {
        // The default retention only sizes the in-memory store used when the file cannot open.
        Settings.History retention = Settings.History.DEFAULT;
        HistoryOpener.Opened opened = HistoryOpener.open(file, retention, clock, hub::publish);
        rememberWhatWasSaid(opened.store(), toasts);
        HistoryStatus status = new HistoryStatus(opened.mechanism(), opened.notices());
        HistoryWriter writer = new HistoryWriter(opened.store(), opened.mechanism(), retention, clock, status.noting(hub), 10_000);
        return new DesktopHistory(opened, opened.store() instanceof SqliteHistoryStore ? file : null, status, writer,
                hub.subscribe("history", writer));
    }

    /** Starts writing, keeping the user's {@code retention}. */
    void start(Settings.History retention) {
        writer.setRetention(retention);
        writer.start();
    }

    /**
     * Tells the toasts what the history says was already said, before any source starts: the
     * Kerberos source re-derives a ticket's warnings at each start, and the user has heard them.
     */
    private static void rememberWhatWasSaid(HistoryStore store, ToastCenter toasts) {
        try {
            toasts.alreadySaid(store.query(new HistoryStore.Query(null, null,
                    Set.of(SourceId.KERBEROS), Severity.WARNING, null, 1000))
                    .stream().map(HistoryStore.StoredEvent::event).toList());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot read what the history already said: {0}", e.toString());
        }
    }

    HistoryStore store() {
        return opened.store();
    }

    HistoryWriter writer() {
        return writer;
    }

    /** The SQLite file, or null when the history is kept in memory. */
    Path file() {
        return file;
    }

    /** What the history said about itself on opening (its status, a damaged file moved aside), for the hub. */
    List<Event> notices() {
        return opened.notices();
    }

    /** Its line in the Sources tab. */
    SourceStatus status() {
        return status.current();
    }

    /** Stops taking events, writes what is queued, closes the store. */
    @Override
    public void close() throws Exception {
        subscription.close();
        writer.close();
        opened.store().close();
    }
}
