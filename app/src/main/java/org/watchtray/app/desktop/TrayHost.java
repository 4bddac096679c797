package org.watchtray.app.desktop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.watchtray.app.history.HistoryWriter;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.app.settings.SettingsService;
import org.watchtray.app.ui.timeline.HistoryPages;
import org.watchtray.app.ui.timeline.StorePages;
import org.watchtray.core.history.HistoryStore;
import org.watchtray.core.pipeline.EventHub;
import org.watchtray.core.pipeline.EventSink;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.time.SystemZone;

/**
 * What the windows need from the tray process, made of its own parts: the hub, the history and
 * its writer, the sources' statuses, the tray's "seen", the live settings and the system's time
 * zone as the tray follows it. The windows in
 * this JVM use it directly; {@link WindowProcess} serves it to the window process.
 *
 * @param historyFile the history's file, or null when it is kept in memory only
 */
record TrayHost(EventHub hub, HistoryWriter writer, HistoryStore store, Path historyFile,
                Supplier<List<SourceStatus>> sourceStatuses, Runnable seenBy, SettingsService settings, SystemZone zone)
        implements DesktopWindows.Host {

    @Override
    public AutoCloseable subscribe(EventSink sink) {
        return hub.subscribe("timeline window", sink);
    }

    @Override
    public List<HistoryStore.StoredEvent> recentHistory(int limit) throws InterruptedException {
        awaitWritten();
        return store.query(HistoryStore.Query.all(limit));
    }

    /** Waits (a little) until every event accepted so far is in the history, so a reader sees it. */
    boolean awaitWritten() throws InterruptedException {
        return writer.awaitIdle(Duration.ofSeconds(2));
    }

    @Override
    public List<SourceStatus> statuses() {
        return sourceStatuses.get();
    }

    @Override
    public void markAllRead() {
        writer.markAllRead();
        seenBy.run();
    }

    @Override
    public HistoryPages pages() {
        return store instanceof SqliteHistoryStore sql ? StorePages.of(sql) : null;
    }

    @Override
    public void seen() {
        seenBy.run();
    }
}
