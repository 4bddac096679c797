package org.watchtray.app.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.testing.LogCapture;
import org.watchtray.app.history.HistoryWriter;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.app.testing.Fx;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.app.ui.FxBatchDispatcher;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.history.HistoryStore.Query;
import org.watchtray.core.history.HistoryStore.StoredEvent;
import org.watchtray.core.pipeline.EventFilter;
import org.watchtray.core.pipeline.EventHub;
import org.watchtray.core.settings.Settings;

/**
 * 100,000 events as fast as one backend thread can publish them, through the hub into the open
 * timeline (Headless FX, the table on screen) and the history. Checks that every event is in the
 * history or counted in a loss marker, that the timeline shows each event or a marker for it,
 * that memory stays bounded, and that the FX thread keeps pulsing; prints the figures.
 */
class TimelineFloodTest {
    private static final int EVENTS = 100_000;
    private static final int BATCH = 64;
    /** "A few seconds": the backend publishes at this pace, in batches of {@link #BATCH}. */
    private static final int RATE_PER_SECOND = 40_000;
    private static final int DISPATCH_CAPACITY = 10_000;
    private static final int WARM_UP = 13;   // everyFamily's events minus its one loss marker (counted by its own number)

    private static final int CAPACITY = EVENTS + SampleEvents.everyFamily(Instant.EPOCH).size();

    @TempDir
    Path dir;

    @Test
    void aFloodReachesTheHistoryAndTheOpenTimelineWithoutFreezingIt() throws Exception {
        Clock clock = Clock.systemUTC();
        try (LogCapture hubLog = LogCapture.of(EventHub.class)) {
            floodsWithoutFreezing(clock, hubLog.lines());
        }
    }

    private void floodsWithoutFreezing(Clock clock, List<String> problems) throws Exception {
        EventHub hub = new EventHub(EventFilter.ACCEPT_ALL);
        SqliteHistoryStore store = SqliteHistoryStore.open(dir.resolve("history.db"), clock, e -> { });
        HistoryWriter writer = new HistoryWriter(store, "test", Settings.History.DEFAULT, clock, hub, 50_000);
        writer.start();
        hub.subscribe("history", writer);

        TimelineViewModel model = Fx.call(() -> {
            // Room for the flood and the warm-up rows: rows past capacity would leave the timeline uncounted.
            TimelineViewModel m = new TimelineViewModel(clock, CAPACITY, writer::markAllRead);
            Stage stage = new Stage();
            stage.setScene(new Scene(new TimelineView(m, clock, new org.watchtray.app.text.EventText(org.watchtray.app.text.Messages.english(clock.getZone()))), 1000, 700));
            org.watchtray.app.ui.Themes.paint(stage.getScene(), org.watchtray.app.ui.Palette.LIGHT);
            stage.show();
            return m;
        });
        FxBatchDispatcher dispatcher = new FxBatchDispatcher(Platform::runLater, model::accept, DISPATCH_CAPACITY, clock);
        hub.subscribe("timeline", dispatcher);

        AtomicLong worstGap = new AtomicLong();
        AtomicLong pulses = new AtomicLong();
        AnimationTimer pulse = new AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                if (last != 0) {
                    worstGap.accumulateAndGet(t - last, Math::max);
                }
                last = t;
                pulses.incrementAndGet();
            }
        };
        Fx.run(pulse::start);
        // Warm up: the first rows load the icon font, CSS and cell skins; that is start-up, not flood.
        Instant w = Instant.now().minusSeconds(3600);
        dispatcher.accept(SampleEvents.everyFamily(w));   // the timeline only, not the history
        Thread.sleep(1000);
        Fx.run(() -> { });
        worstGap.set(0);

        Instant t0 = Instant.now();
        long start = System.nanoTime();
        Thread backend = Thread.ofPlatform().name("flood-backend").start(() -> {
            List<Event> batch = new ArrayList<>(BATCH);
            long begin = System.nanoTime();
            for (int i = 0; i < EVENTS; i++) {
                batch.add(SampleEvents.usbError(t0.plusNanos(i * 1000L), i, EVENTS));
                if (batch.size() == BATCH) {
                    hub.accept(batch);
                    batch = new ArrayList<>(BATCH);
                    long due = begin + (long) ((i + 1) * 1e9 / RATE_PER_SECOND);
                    java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
                }
            }
            hub.accept(batch);
        });
        backend.join();
        double publishSeconds = (System.nanoTime() - start) / 1e9;
        assertTrue(writer.awaitIdle(Duration.ofSeconds(120)), "the history caught up");
        double historySeconds = (System.nanoTime() - start) / 1e9;
        // Let the FX thread drain what the dispatcher holds.
        long shownAndLost;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        do {
            Thread.sleep(50);
            shownAndLost = Fx.call(() -> accounted(model));
        } while (shownAndLost < EVENTS + WARM_UP && System.nanoTime() < deadline);
        double timelineSeconds = (System.nanoTime() - start) / 1e9;
        Fx.run(pulse::stop);

        List<StoredEvent> rows = store.query(Query.all(0));
        long stored = rows.stream().filter(s -> !(s.event() instanceof LossEvent)).count();
        long lostInHistory = rows.stream().filter(s -> s.event() instanceof LossEvent l && l.affected() == SourceId.HISTORY)
                .mapToLong(s -> ((LossEvent) s.event()).lost()).sum();
        assertEquals(EVENTS, stored + lostInHistory, "every event is in the history or counted in a loss marker");
        assertEquals(EVENTS, shownAndLost - WARM_UP, "every event is in the timeline or counted in a loss marker there");
        assertTrue(problems.isEmpty(), problems::toString);

        System.gc();
        Thread.sleep(200);
        long heapMb = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1024 * 1024);
        assertTrue(model.totalRows().get() <= CAPACITY, "the timeline keeps at most its capacity");
        assertTrue(heapMb < 768, "heap after GC with 100,000 rows: " + heapMb + " MB");
        double worstMs = worstGap.get() / 1e6;
        // Not a performance assertion (this machine's 2 cores are shared, and gaps of 0.4-2.4 s were
        // seen under load 14): only a UI frozen for the whole flood fails; the figure is printed.
        assertTrue(worstMs < 10_000, "the FX thread stalled for " + worstMs + " ms");
        System.out.printf("FLOOD events=%d published in %.2f s (%.0f events/s); history done after %.2f s (%.0f events/s, %d stored, %d in loss markers);"
                        + " timeline done after %.2f s (%d rows); FX pulses=%d, worst gap %.1f ms; heap after GC %d MB%n",
                EVENTS, publishSeconds, EVENTS / publishSeconds, historySeconds, EVENTS / historySeconds, stored, lostInHistory,
                timelineSeconds, model.totalRows().get(), pulses.get(), worstMs, heapMb);
        writer.close();
        store.close();
    }

    /** Rows for the flood's events plus the count in the timeline's own loss markers. */
    private static long accounted(TimelineViewModel m) {
        long n = 0;
        for (TimelineRow r : m.rows()) {
            if (r.event() instanceof LossEvent l) {
                n += l.affected() == SourceId.META ? l.lost() : 0;
            } else {
                n += r.count();
            }
        }
        return n;
    }
}
