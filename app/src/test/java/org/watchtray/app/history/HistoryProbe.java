package org.watchtray.app.history;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.nativeaccess.testing.MutableClock;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.history.HistoryStore.Query;
import org.watchtray.core.history.HistoryStore.StoredEvent;
import org.watchtray.core.settings.Settings;

/**
 * Runs the history against a real read-only or full file system (writing, retaining, upgrading)
 * in a child process that {@link HistoryFailureTest} starts under {@code unshare -m}, and prints
 * what happened, one fact per line, for the test to check.
 */
public final class HistoryProbe {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private HistoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[1]);
        MutableClock clock = new MutableClock(T0);
        List<Event> later = new ArrayList<>();
        HistoryOpener.Opened opened = HistoryOpener.open(db, Settings.History.DEFAULT, clock, later::add);
        opened.notices().forEach(e -> System.out.println("notice: " + e.severity().wireName() + " " + EnglishSummary.of(e)));
        System.out.println("store: " + opened.store().getClass().getSimpleName());
        List<Event> notices = java.util.Collections.synchronizedList(new ArrayList<>());
        try (HistoryWriter writer = new HistoryWriter(opened.store(), opened.mechanism(), Settings.History.DEFAULT, clock,
                notices::addAll, 10_000)) {
            writer.start();
            writer.accept(batch(0, 10));
            writer.awaitIdle(Duration.ofSeconds(20));
            if (args[0].equals("full")) {
                Path filler = db.resolveSibling("filler");
                System.out.println("filled: " + fill(filler));
                writer.accept(batch(10, 500));
                writer.awaitIdle(Duration.ofSeconds(20));
                Files.delete(filler);
                writer.accept(batch(510, 5));
                writer.awaitIdle(Duration.ofSeconds(20));
                System.out.println("before retry: " + describe(opened));
                clock.advance(HistoryWriter.RETRY_AFTER.plusSeconds(1));
                writer.accept(batch(515, 5));
                writer.awaitIdle(Duration.ofSeconds(20));
            }
            if (args[0].equals("retain-full")) {
                // A history of 610 events whose retention is cut to 100 while the disk is full.
                writer.accept(batch(10, 600));
                writer.awaitIdle(Duration.ofSeconds(20));
                Path filler = db.resolveSibling("filler");
                System.out.println("filled: " + fill(filler));
                writer.setRetention(new Settings.History(Duration.ofDays(3650), 100));
                clock.advance(Duration.ofMinutes(11));   // past the writer's prune interval
                writer.accept(batch(610, 1));
                writer.awaitIdle(Duration.ofSeconds(20));
                System.out.println("on the full disk: " + describe(opened) + ", " + integrity(db));
                Files.delete(filler);
                clock.advance(Duration.ofMinutes(11));
                writer.accept(batch(611, 1));
                writer.awaitIdle(Duration.ofSeconds(20));
                System.out.println("with room again: " + describe(opened) + ", " + integrity(db));
            }
            notices.forEach(e -> System.out.println("notice: " + e.severity().wireName() + " " + EnglishSummary.of(e)));
        }
        System.out.println("kept: " + describe(opened));
        opened.store().close();
    }

    private static String describe(HistoryOpener.Opened opened) {
        List<StoredEvent> rows = opened.store().query(Query.all(0));
        long events = rows.stream().filter(s -> !(s.event() instanceof LossEvent)).count();
        long lost = rows.stream().filter(s -> s.event() instanceof LossEvent).mapToLong(s -> ((LossEvent) s.event()).lost()).sum();
        return events + " events, " + lost + " in loss markers";
    }

    /** SQLite's own check of the file, through a connection of its own. */
    private static String integrity(Path db) throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement();
             var rs = s.executeQuery("PRAGMA integrity_check")) {
            return "integrity " + (rs.next() ? rs.getString(1) : "?");
        }
    }

    private static List<Event> batch(int from, int n) {
        List<Event> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(SampleEvents.usbError(T0.plusSeconds(i), i, 4));
        }
        return out;
    }

    /** Writes zeros until the file system says ENOSPC; returns how many bytes fitted. */
    private static long fill(Path filler) {
        long n = 0;
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                out.flush();
                n += chunk.length;
            }
        } catch (IOException e) {
            return n;
        }
    }
}
