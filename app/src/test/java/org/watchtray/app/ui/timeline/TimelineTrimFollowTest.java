package org.watchtray.app.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.app.testing.Fx;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.core.event.Event;
import org.watchtray.core.settings.Environment;

/**
 * Rows that leave memory during a flood show again below the rows kept, read from the real
 * history: the tail's boundary follows the trims (its page read off the FX thread), and rows
 * trimmed while a move is under way are followed too, so the timeline has no gap and no repeat.
 * A gate on the real history's pages holds the move's read while more rows are trimmed.
 */
class TimelineTrimFollowTest {
    private static final Instant T0 = Instant.parse("2026-12-04T20:00:00Z");
    private static final int EVENTS = 600;
    private static final int IN_MEMORY = 50;

    @TempDir
    Path dir;

    @Test
    void trimmedRowsShowAgainBelowTheRowsKeptWithoutGapOrRepeat() throws Exception {
        Clock clock = Clock.systemUTC();
        try (SqliteHistoryStore store = SqliteHistoryStore.open(dir.resolve("history.db"), clock, e -> { })) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                events.add(SampleEvents.usbError(T0.plusMillis(i), i, EVENTS));
            }
            java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
            HistoryPages real = StorePages.of(store);
            HistoryPages gated = new HistoryPages() {
                @Override
                public org.watchtray.app.history.SqliteHistoryStore.Extent extent(RowFilter filter, Instant before) {
                    return real.extent(filter, before);
                }

                @Override
                public List<org.watchtray.core.history.HistoryStore.StoredEvent> page(RowFilter filter, Instant before,
                        org.watchtray.core.history.HistoryStore.StoredEvent after, long offset, int limit,
                        org.watchtray.app.history.SqliteHistoryStore.Extent extent) {
                    if (!javafx.application.Platform.isFxApplicationThread() && armed.getAndSet(false)) {
                        reading.countDown();   // the move's read, off the FX thread: held until the test opens the gate
                        try {
                            open.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return real.page(filter, before, after, offset, limit, extent);
                }

                @Override
                public List<org.watchtray.app.history.SqliteHistoryStore.Group> groups(RowFilter filter,
                        org.watchtray.app.history.SqliteHistoryStore.GroupBy by, Instant from, Instant to, int offsetSeconds) {
                    return real.groups(filter, by, from, to, offsetSeconds);
                }

                @Override
                public Instant oldest() {
                    return real.oldest();
                }
            };
            TimelineViewModel timeline = Fx.call(() -> {
                TimelineViewModel m = new TimelineViewModel(clock, IN_MEMORY, () -> { }, ExportFolder.of(new Environment(Map.of(), dir)),
                        new org.watchtray.app.text.EventText(org.watchtray.app.text.Messages.english(clock.getZone())), gated);
                m.restore(List.of());
                return m;
            });
            // As the app does: each batch is stored, then shown in its own FX turn. The first
            // half trims rows and starts a move; while the move reads, the second half trims more.
            armed.set(true);
            show(store, timeline, events.subList(0, EVENTS / 2));
            assertEquals(true, reading.await(30, java.util.concurrent.TimeUnit.SECONDS), "the move reads the history");
            show(store, timeline, events.subList(EVENTS / 2, EVENTS));
            open.countDown();
            List<String> want = events.reversed().stream().map(Event::subject).toList();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            List<String> shown;
            do {
                Thread.sleep(50);
                shown = Fx.call(() -> timeline.rows().stream().map(r -> r.event().subject()).toList());
            } while (!shown.equals(want) && System.nanoTime() < deadline);
            assertEquals(want, shown, "every event once, newest first: the rows kept, then the history below them");
            assertEquals(IN_MEMORY, Fx.call(() -> timeline.totalRows().get()));
        }
    }

    private static void show(SqliteHistoryStore store, TimelineViewModel timeline, List<Event> events) {
        for (int from = 0; from < events.size(); from += 40) {
            List<Event> batch = events.subList(from, Math.min(events.size(), from + 40));
            store.append(batch);
            Fx.run(() -> timeline.accept(batch));
        }
    }
}
