package org.watchtray.app.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.app.testing.Fx;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.history.HistoryStore.Query;
import org.watchtray.core.history.HistoryStore.StoredEvent;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.settings.Environment;
import org.watchtray.nativeaccess.testing.MutableClock;

/**
 * With the SQLite history the rate chart counts all of it, not the rows the timeline keeps in
 * memory: a real history file spanning 300 days behind a timeline holding its newest 100 rows.
 */
class ChartsHistoryTest {
    private static final Instant T0 = Instant.parse("2025-01-06T00:00:00Z");
    private static final int DAYS = 300;
    private static final int IN_MEMORY = 100;

    @TempDir
    Path dir;

    @Test
    void theRateChartCountsTheWholeHistoryAndLiveEventsBumpTheLastBucket() throws Exception {
        MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(DAYS)));
        try (SqliteHistoryStore store = SqliteHistoryStore.open(dir.resolve("history.db"), clock, e -> { })) {
            List<Event> events = new ArrayList<>();
            for (int d = 0; d < DAYS; d++) {
                for (int k = 0; k < 5; k++) {
                    events.add(SampleEvents.usbError(T0.plus(Duration.ofDays(d)).plus(Duration.ofHours(k)), d * 5 + k, 7));
                }
                if (d % 10 == 0) {
                    events.add(new MountEvent(T0.plus(Duration.ofDays(d)).plusSeconds(30), MountEvent.Change.REMOUNTED_READ_ONLY,
                            57, "/home", null, "ext4", "/dev/sda3", "ro", "rw"));
                }
            }
            store.append(events);
            TimelineViewModel timeline = Fx.call(() -> new TimelineViewModel(clock, 5000, () -> { },
                    ExportFolder.of(new Environment(Map.of(), dir)),
                    new org.watchtray.app.text.EventText(org.watchtray.app.text.Messages.english(clock.getZone())),
                    StorePages.of(store)));
            List<StoredEvent> newest = store.query(Query.all(IN_MEMORY));
            assertEquals(IN_MEMORY, newest.size());
            Fx.run(() -> timeline.restore(newest));
            ChartsViewModel charts = timeline.charts();
            BlockingQueue<EventRates.RateTable> shown = new LinkedBlockingQueue<>();
            Fx.run(() -> charts.rateTable().addListener((o, was, now) -> shown.add(now)));

            Fx.run(() -> charts.showing(true));
            EventRates.RateTable table = next(shown, t -> t.total(SourceId.USB) > IN_MEMORY);
            assertEquals(DAYS * 5, table.total(SourceId.USB), "every USB event of the history, not the " + IN_MEMORY + " in memory");
            assertEquals(DAYS / 10, table.total(SourceId.MOUNTS));
            assertEquals(Duration.ofDays(7), table.width(), "300 days in weeks");
            assertTrue(!table.bucketStarts().getFirst().isAfter(T0), "the first bucket holds the oldest event: " + table.bucketStarts().getFirst());
            assertTrue(table.bucketStarts().getLast().plus(table.width()).isAfter(clock.instant()), "the last bucket holds the present");

            // A live event (the app stores it and shows it) is in the last bucket at the next refresh, without a new count.
            clock.advance(Duration.ofSeconds(1));
            Event live = SampleEvents.usbError(clock.instant(), 9999, 7);
            store.append(List.of(live));
            int lastBefore = table.counts().get(SourceId.USB)[table.bucketStarts().size() - 1];
            Fx.run(() -> timeline.accept(List.of(live)));
            table = next(shown, t -> t.total(SourceId.USB) == DAYS * 5 + 1);   // the refresh a second after events arrived
            assertEquals(lastBefore + 1, table.counts().get(SourceId.USB)[table.bucketStarts().size() - 1], "the current bucket went up");

            // The next count has it from the history: counted once, not twice.
            clock.advance(Duration.ofSeconds(1));
            shown.clear();
            Fx.run(charts::refresh);
            assertEquals(DAYS * 5 + 1, next(shown, t -> true).total(SourceId.USB), "shown at once from the last count and memory");
            assertEquals(DAYS * 5 + 1, next(shown, t -> true).total(SourceId.USB), "the new count");
            Fx.run(() -> charts.showing(false));
        }
    }

    @Test
    void withoutTheHistoryTheChartCountsWhatIsInMemory() {
        MutableClock clock = new MutableClock(T0);
        TimelineViewModel timeline = Fx.call(() -> new TimelineViewModel(clock, 1000, () -> { }));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(SampleEvents.usbError(T0.minusSeconds(600 - i * 10L), i, 7));
        }
        Fx.run(() -> timeline.accept(events));
        Fx.run(() -> timeline.charts().showing(true));
        assertEquals(30, timeline.charts().rateTable().get().total(SourceId.USB));
        Fx.run(() -> timeline.charts().showing(false));
    }

    private static EventRates.RateTable next(BlockingQueue<EventRates.RateTable> shown,
                                             java.util.function.Predicate<EventRates.RateTable> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            EventRates.RateTable t = shown.poll(1, TimeUnit.SECONDS);
            if (t != null && wanted.test(t)) {
                return t;
            }
        }
        return fail("no such rate table shown within 60 s");
    }
}
