package org.watchtray.app.history;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.history.HistoryStore;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.SourceStatus;

/**
 * Opens the history for the app: the SQLite file when it can, otherwise an in-memory store so
 * the app keeps running, with a status event that says which and why.
 */
public final class HistoryOpener {
    private HistoryOpener() {
    }

    /**
     * What was opened, how it keeps events (for the status line) and the events to publish
     * about it (its status, a damaged file moved aside).
     */
    public record Opened(HistoryStore store, String mechanism, List<Event> notices) {
    }

    /**
     * @param later where warnings found after opening go (a damaged file found while running):
     *              the hub, so they reach the timeline and the history like any event
     */
    public static Opened open(Path file, Settings.History retention, Clock clock, Consumer<Event> later) {
        List<Event> notices = new ArrayList<>();
        AtomicBoolean opening = new AtomicBoolean(true);
        try {
            try {
                PrivateHistory.prepare(file);
            } catch (java.io.IOException e) {
                // SQLite's own open below says what is wrong with the place, if anything is.
                System.getLogger(HistoryOpener.class.getName()).log(System.Logger.Level.WARNING,
                        "cannot make the history private: {0}", e.toString());
            }
            SqliteHistoryStore store = SqliteHistoryStore.open(file, clock, e -> {
                if (opening.get()) {
                    notices.add(e);
                } else {
                    later.accept(e);
                }
            });
            opening.set(false);
            String mechanism = "SQLite (WAL) at " + file;
            notices.add(new SourceStatusEvent(clock.instant(), SourceStatus.active(SourceId.HISTORY, mechanism)));
            return new Opened(store, mechanism, List.copyOf(notices));
        } catch (HistoryException e) {
            String mechanism = "in memory only, this session";
            notices.add(new SourceStatusEvent(clock.instant(), new SourceStatus(SourceId.HISTORY, SourceStatus.State.UNAVAILABLE,
                    mechanism, e.getMessage() + "; events are kept in memory until watchtray exits")));
            return new Opened(new MemoryHistoryStore(retention.maxEvents()), mechanism, List.copyOf(notices));
        }
    }
}
