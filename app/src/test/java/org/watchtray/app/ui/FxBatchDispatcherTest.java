package org.watchtray.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.mounts.MountEvent;

/** The dispatcher with a hand-cranked "FX thread": a queue of posted runnables run on demand. */
class FxBatchDispatcherTest {
    private final ArrayDeque<Runnable> fxQueue = new ArrayDeque<>();
    private final List<List<Event>> delivered = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    private static Event mount(int i) {
        return new MountEvent(Instant.EPOCH, MountEvent.Change.MOUNTED, i, "/mnt/" + i, null, "tmpfs", "tmpfs", "rw", null);
    }

    private void runFx() {
        while (!fxQueue.isEmpty()) {
            fxQueue.removeFirst().run();
        }
    }

    @Test
    void manyBatchesBeforeTheFxThreadRunsCostOneRunLater() {
        FxBatchDispatcher d = new FxBatchDispatcher(fxQueue::add, delivered::add, 1_000, clock);
        for (int i = 0; i < 50; i++) {
            d.accept(List.of(mount(i)));
        }
        assertEquals(1, fxQueue.size(), "one runLater however many batches arrive");
        runFx();
        assertEquals(1, delivered.size());
        assertEquals(50, delivered.getFirst().size());
    }

    @Test
    void aFloodIsSpreadOverTurnsOfAtMostOneChunk() {
        FxBatchDispatcher d = new FxBatchDispatcher(fxQueue::add, delivered::add, 100_000, 300, clock);
        List<Event> flood = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            flood.add(mount(i));
        }
        d.accept(flood);
        runFx();
        assertEquals(List.of(300, 300, 300, 100), delivered.stream().map(List::size).toList());
        assertEquals(999L, ((MountEvent) delivered.getLast().getLast()).mountId(), "order kept");
    }

    @Test
    void overflowDropsTheOldestAndSaysHowMany() {
        FxBatchDispatcher d = new FxBatchDispatcher(fxQueue::add, delivered::add, 10, clock);
        for (int i = 0; i < 25; i++) {
            d.accept(List.of(mount(i)));
        }
        runFx();
        List<Event> batch = delivered.getFirst();
        LossEvent loss = assertInstanceOf(LossEvent.class, batch.getFirst());
        assertEquals(15, loss.lost());
        assertEquals(11, batch.size());
        assertEquals(15L, ((MountEvent) batch.get(1)).mountId(), "the newest ten survive");
    }

    @Test
    void withAPaceALoneEventGoesAtOnceAndAFloodWaitsForTheNextTurn() throws InterruptedException {
        java.util.concurrent.BlockingQueue<Runnable> posted = new java.util.concurrent.LinkedBlockingQueue<>();
        java.time.Duration pace = java.time.Duration.ofMillis(200);
        FxBatchDispatcher d = new FxBatchDispatcher(posted::add, delivered::add, 100_000, 5, true, pace, clock);
        d.accept(List.of(mount(0)));
        Runnable first = posted.poll();
        assertEquals(true, first != null, "a lone event is posted at once");
        long turn = System.nanoTime();
        first.run();
        for (int i = 1; i <= 20; i++) {
            d.accept(List.of(mount(i)));
        }
        assertEquals(0, posted.size(), "events right after a turn wait for the pace");
        Runnable second = posted.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        long waited = System.nanoTime() - turn;
        assertEquals(true, second != null, "the next turn comes");
        assertEquals(true, waited >= pace.toNanos(), "not before the pace: " + waited / 1e6 + " ms");
        second.run();
        List<Event> batch = delivered.getLast();
        assertEquals(15, assertInstanceOf(LossEvent.class, batch.getFirst()).lost(), "the older ones are counted");
        assertEquals(List.of(16L, 17L, 18L, 19L, 20L), batch.subList(1, batch.size()).stream().map(e -> ((MountEvent) e).mountId()).toList());
        assertEquals(0, posted.size(), "one turn for all of them");
    }
}
