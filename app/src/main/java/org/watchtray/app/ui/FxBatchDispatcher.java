package org.watchtray.app.ui;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.pipeline.EventSink;

/**
 * The one place that hands events to the FX thread: however many batches arrive, at most one
 * {@code runLater} is pending, and it delivers everything gathered so far as one batch. When the
 * FX thread falls so far behind that more than {@code capacity} events wait, the oldest are
 * dropped and a {@link LossEvent} says how many, so a flood can neither freeze the UI nor grow
 * memory without bound. (The history has its own subscriber and keeps every event.) One FX
 * turn handles at most {@code chunk} events and re-posts itself for the rest, so a flood is
 * spread over frames instead of stalling one. With a {@code pace}, turns come at most once per
 * pace: a lone event goes at once, a flood is shown a few times a second instead of at every
 * frame, since every frame that changes the window costs a full render (docs/timeline.md, "A flood").
 */
public final class FxBatchDispatcher implements EventSink {
    private final Consumer<Runnable> fxExecutor;
    private final Consumer<List<Event>> onFxThread;
    private final int capacity;
    private final int chunk;
    private final Clock clock;
    private final boolean newestOnly;
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private final long paceNanos;
    private boolean scheduled;
    private long dropped;
    /** When the last turn delivered (System.nanoTime); far in the past before the first. */
    private long lastTurn = System.nanoTime() - Long.MAX_VALUE / 4;

    /**
     * @param fxExecutor {@code Platform::runLater} in the app; a direct executor in tests
     * @param onFxThread receives each batch on the FX thread
     * @param capacity   most events allowed to wait for the FX thread
     */
    public FxBatchDispatcher(Consumer<Runnable> fxExecutor, Consumer<List<Event>> onFxThread, int capacity, Clock clock) {
        this(fxExecutor, onFxThread, capacity, DEFAULT_CHUNK, clock);
    }

    /** Events handed to the FX thread per turn: large enough to keep up, small enough to stay within a frame. */
    public static final int DEFAULT_CHUNK = 2_000;

    /** As above, with an explicit per-turn {@code chunk}. */
    public FxBatchDispatcher(Consumer<Runnable> fxExecutor, Consumer<List<Event>> onFxThread, int capacity, int chunk, Clock clock) {
        this(fxExecutor, onFxThread, capacity, chunk, false, clock);
    }

    /**
     * @param newestOnly when more than {@code chunk} events wait, one turn shows the newest
     *                   {@code chunk} and counts the older ones in a loss marker at once,
     *                   instead of showing them over the next turns: for a window that pages
     *                   the history, where they can be seen, so the FX thread never spends
     *                   more than one chunk's work between two frames however fast events come
     */
    public FxBatchDispatcher(Consumer<Runnable> fxExecutor, Consumer<List<Event>> onFxThread, int capacity, int chunk,
                             boolean newestOnly, Clock clock) {
        this(fxExecutor, onFxThread, capacity, chunk, newestOnly, java.time.Duration.ZERO, clock);
    }

    /**
     * @param pace the least time between two turns (zero: none); events that come sooner wait
     *             for the next turn (and count against {@code capacity} meanwhile)
     */
    public FxBatchDispatcher(Consumer<Runnable> fxExecutor, Consumer<List<Event>> onFxThread, int capacity, int chunk,
                             boolean newestOnly, java.time.Duration pace, Clock clock) {
        if (pace.isNegative()) {
            throw new IllegalArgumentException("pace < 0");
        }
        this.paceNanos = pace.toNanos();
        this.newestOnly = newestOnly;
        this.fxExecutor = Objects.requireNonNull(fxExecutor);
        this.onFxThread = Objects.requireNonNull(onFxThread);
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity < 1");
        }
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk < 1");
        }
        this.capacity = capacity;
        this.chunk = chunk;
        this.clock = clock;
    }

    @Override
    public void accept(List<Event> batch) {
        boolean schedule;
        synchronized (pending) {
            for (Event e : batch) {
                if (pending.size() == capacity) {
                    pending.removeFirst();
                    dropped++;
                }
                pending.addLast(e);
            }
            schedule = !scheduled && !pending.isEmpty();
            scheduled |= schedule;
        }
        if (schedule) {
            post();
        }
    }

    /** Hands the next turn to the FX thread, now or when the pace allows. */
    private void post() {
        long wait;
        synchronized (pending) {
            wait = lastTurn + paceNanos - System.nanoTime();
        }
        if (wait <= 0) {
            fxExecutor.accept(this::drain);
        } else {
            java.util.concurrent.CompletableFuture.delayedExecutor(wait, java.util.concurrent.TimeUnit.NANOSECONDS)
                    .execute(() -> fxExecutor.accept(this::drain));
        }
    }

    private void drain() {
        List<Event> batch;
        boolean more;
        synchronized (pending) {
            if (newestOnly) {
                while (pending.size() > chunk) {
                    pending.removeFirst();
                    dropped++;
                }
            }
            int n = Math.min(chunk, pending.size());
            batch = new ArrayList<>(n + 1);
            if (dropped > 0) {
                batch.add(new LossEvent(clock.instant(), SourceId.META, dropped, "the window could not keep up; all are in the history"));
                dropped = 0;
            }
            for (int i = 0; i < n; i++) {
                batch.add(pending.removeFirst());
            }
            more = !pending.isEmpty();
            scheduled = more;
            lastTurn = System.nanoTime();
        }
        if (more) {
            post();
        }
        if (!batch.isEmpty()) {
            onFxThread.accept(List.copyOf(batch));
        }
    }
}
