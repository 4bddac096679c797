package org.watchtray.app.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;

/**
 * {@code history.db.running}: written (with the writer's process id) when the app opens its
 * history and removed when it closes it. Found on the next open with its process gone, it means
 * the app was killed, crashed or lost power: everything committed before is in the database
 * (SQLite's WAL survives that), but events that happened while no watchtray ran were never
 * seen, so a loss marker stands for that gap.
 */
final class RunningMarker {
    private RunningMarker() {
    }

    static Path of(Path db) {
        return db.resolveSibling(db.getFileName() + ".running");
    }

    /**
     * Takes the marker for this process.
     *
     * @param lastEvent when the newest stored event happened (null for an empty history)
     * @return the loss marker when a previous run did not close the history
     */
    static Optional<Event> take(Path db, Instant lastEvent, Instant now) {
        Path marker = of(db);
        Optional<Event> loss = Optional.empty();
        try {
            if (Files.exists(marker)) {
                long pid = Long.parseLong(Files.readString(marker, StandardCharsets.US_ASCII).strip());
                if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    return Optional.empty(); // still open here, or by another live process: no gap to tell
                }
                loss = Optional.of(new LossEvent(now, SourceId.HISTORY, -1, "watchtray stopped without closing its history"
                        + " (killed, crashed or the power went)" + (lastEvent == null ? "" : " after " + lastEvent)
                        + "; events until " + now + " were not recorded"));
            }
        } catch (IOException | NumberFormatException e) {
            // An unreadable marker says nothing reliable; it is replaced below.
        }
        try {
            Files.writeString(marker, Long.toString(ProcessHandle.current().pid()) + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            // Read-only state directory: the history itself reports that; without a marker a later
            // unclean stop simply goes unmarked.
        }
        return loss;
    }

    /** A clean close: the next open finds no gap. */
    static void release(Path db) {
        try {
            Files.deleteIfExists(of(db));
        } catch (IOException e) {
            // Left behind, it would only make the next start report a gap that was not there.
        }
    }
}
