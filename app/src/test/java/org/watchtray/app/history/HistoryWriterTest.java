package org.watchtray.app.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.nativeaccess.testing.MutableClock;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.history.HistoryStore;
import org.watchtray.core.history.HistoryStore.Query;
import org.watchtray.core.history.HistoryStore.StoredEvent;
import org.watchtray.core.settings.Settings;

class HistoryWriterTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final List<Event> notices = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path dir;
    private SqliteHistoryStore store;
    private HistoryWriter writer;

    private SqliteHistoryStore store() {
        store = SqliteHistoryStore.open(dir.resolve("history.db"), clock, notices::add);
        return store;
    }

    @AfterEach
    void close() {
        if (writer != null) {
            writer.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private HistoryWriter writer(HistoryStore target, Settings.History retention, int capacity) {
        writer = new HistoryWriter(target, "SQLite (WAL) at test", retention, clock, notices::addAll, capacity);
        writer.start();
        return writer;
    }

    @Test
    void writesWhatTheHubPublishesInBatches() throws Exception {
        HistoryWriter w = writer(store(), Settings.History.DEFAULT, 10_000);
        List<Event> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<Event> batch = new ArrayList<>();
            for (int j = 0; j < 250; j++) {
                batch.add(SampleEvents.usbError(T0.plusMillis(i * 250L + j), i * 250 + j, 9));
            }
            w.accept(batch);
            sent.addAll(batch);
        }
        assertTrue(w.awaitIdle(Duration.ofSeconds(20)));
        List<Event> stored = store.query(Query.all(0)).stream().map(StoredEvent::event).toList().reversed();
        assertEquals(sent, stored, "every event, in order");
        assertEquals(0, w.droppedCount());
    }

    @Test
    void aSlowDiskNeverBlocksTheBackendAndLossesAreMarkedInPlace() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        SqliteHistoryStore real = store();
        HistoryStore slow = new DelegatingStore(real) {
            @Override
            public int append(List<Event> batch) {
                stuck.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.append(batch);
            }
        };
        HistoryWriter w = writer(slow, Settings.History.DEFAULT, 100);
        // The first event is being written when the others come (the disk is stuck under it), so
        // where the loss lies does not depend on when the writer's thread wakes up.
        w.accept(List.of(SampleEvents.usbError(T0, 0, 3)));
        assertTrue(stuck.await(20, java.util.concurrent.TimeUnit.SECONDS), "the writer took the first event");
        long start = System.nanoTime();
        for (int i = 1; i < 1000; i++) {
            w.accept(List.of(SampleEvents.usbError(T0.plusMillis(i), i, 3)));
        }
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 2000, "accept returned while the disk was stuck (" + tookMs + " ms)");
        release.countDown();
        assertTrue(w.awaitIdle(Duration.ofSeconds(20)));

        List<Event> rows = real.query(Query.all(0)).stream().map(StoredEvent::event).toList().reversed();
        long lossCount = rows.stream().filter(e -> e instanceof LossEvent l && l.affected() == SourceId.HISTORY)
                .mapToLong(e -> ((LossEvent) e).lost()).sum();
        long kept = rows.stream().filter(e -> !(e instanceof LossEvent)).count();
        assertTrue(w.droppedCount() > 0, "the queue overflowed");
        assertEquals(w.droppedCount(), lossCount);
        assertEquals(1000, kept + lossCount, "every event is stored or counted in a loss marker");
        LossEvent marker = (LossEvent) rows.stream().filter(e -> e instanceof LossEvent).findFirst().orElseThrow();
        assertTrue(EnglishSummary.of(marker).contains("events are missing from the history"), EnglishSummary.of(marker));
        int at = rows.indexOf(marker);
        assertTrue(at >= 100 - 1 && at <= 101, "after the events that fitted, where the loss happened: " + at);
    }

    @Test
    void markAllReadAppliesToWhatWasAcceptedBefore() throws Exception {
        HistoryWriter w = writer(store(), Settings.History.DEFAULT, 1000);
        w.accept(SampleEvents.everyFamily(T0));
        w.markAllRead();
        w.accept(List.of(SampleEvents.usbError(T0.plusSeconds(99), 1, 2)));
        assertTrue(w.awaitIdle(Duration.ofSeconds(20)));
        List<StoredEvent> rows = store.query(Query.all(0));
        assertEquals(false, rows.getFirst().read(), "the one after the mark stays unread");
        assertTrue(rows.subList(1, rows.size()).stream().allMatch(StoredEvent::read));
    }

    @Test
    void retentionIsAppliedAfterWrites() throws Exception {
        HistoryWriter w = writer(store(), new Settings.History(Duration.ofHours(1), 1500), 5000);
        List<Event> old = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            old.add(SampleEvents.usbError(T0.plusMillis(i), i, 5));
        }
        w.accept(old);
        assertTrue(w.awaitIdle(Duration.ofSeconds(20)));
        assertEquals(1500, store.size(), "count limit");
        clock.advance(Duration.ofHours(2));
        w.accept(List.of(SampleEvents.usbError(clock.instant(), 1, 5)));
        assertTrue(w.awaitIdle(Duration.ofSeconds(20)));
        clock.advance(Duration.ofMinutes(11));
        w.accept(List.of(SampleEvents.usbError(clock.instant(), 2, 5)));
        assertTrue(w.awaitIdle(Duration.ofSeconds(20)));
        assertEquals(2, store.size(), "events older than an hour went");
    }

    /** Passes everything to a real store; tests override one method to slow it down. */
    private static class DelegatingStore implements HistoryStore {
        private final HistoryStore real;

        DelegatingStore(HistoryStore real) {
            this.real = real;
        }

        @Override
        public int append(List<Event> batch) {
            return real.append(batch);
        }

        @Override
        public List<StoredEvent> query(Query query) {
            return real.query(query);
        }

        @Override
        public void markReadUpTo(long id) {
            real.markReadUpTo(id);
        }

        @Override
        public int prune(Instant cutoff, int maxEvents) {
            return real.prune(cutoff, maxEvents);
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
