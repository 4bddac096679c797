package org.watchtray.app.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.watchtray.core.testing.LogCapture;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.history.HistoryStore;
import org.watchtray.core.pipeline.EventFilter;
import org.watchtray.core.pipeline.EventHub;

/**
 * Run by {@code bench/flood}: {@code RATE} events a second for {@code SECONDS} seconds, published
 * by one backend thread in batches of 64 through the hub into the open timeline (JavaFX
 * Headless, the window on screen) and the history (SQLite in a temporary directory), wired as
 * the app wires them ({@link FloodRig}). Measures the gaps between FX frames from the first
 * event until the timeline has caught up, whether every event is in the history or counted in
 * a loss marker there, and the live heap. The last line is
 * {@code flood: frame gap p99 X ms, max Y ms, stored N of M, loss markers K, heap Z MB}, where
 * K is the number of events the history's loss markers stand for (so N + K = M when nothing is
 * missing).
 */
public final class FloodBench {
    private static final int BATCH = 64;

    private FloodBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int total = rate * seconds;
        Path dir = Files.createTempDirectory("watchtray-flood");
        BenchFx.start();
        Clock clock = Clock.systemUTC();
        EventHub hub = new EventHub(EventFilter.ACCEPT_ALL);
        try (LogCapture hubLog = LogCapture.of(EventHub.class); BenchFx.LiveHeap heap = new BenchFx.LiveHeap(); FloodRig rig = FloodRig.open(dir.resolve("history.db"), hub, clock)) {
            // Warm up: the first rows load the icon font, CSS and cell skins; that is start-up, not flood.
            rig.warmUp(SampleEvents.everyFamily(Instant.now().minusSeconds(3600)));
            Thread.sleep(1000);

            BenchFx.FrameGaps gaps = new BenchFx.FrameGaps();
            long fxThread = BenchFx.call(() -> Thread.currentThread().threadId());
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long fxCpu0 = threads.getThreadCpuTime(fxThread);
            long acceptNanos0 = rig.acceptNanos();
            // The window at rest, for comparison: a frame that changes nothing costs no render.
            gaps.start();
            Thread.sleep(1000);
            gaps.stop();
            System.out.printf("at rest: %d frames in 1 s, FX thread %.0f ms CPU%n", gaps.frames(), (threads.getThreadCpuTime(fxThread) - fxCpu0) / 1e6);
            fxCpu0 = threads.getThreadCpuTime(fxThread);
            long[] table0 = rig.tableChanges();
            gaps.start();
            Instant t0 = Instant.now();
            long start = System.nanoTime();
            Thread backend = Thread.ofPlatform().name("flood-backend").start(() -> {
                List<Event> batch = new ArrayList<>(BATCH);
                for (int i = 0; i < total; i++) {
                    batch.add(SampleEvents.usbError(t0.plusNanos(i * (1_000_000_000L / rate)), i, total));
                    if (batch.size() == BATCH) {
                        hub.accept(batch);
                        batch = new ArrayList<>(BATCH);
                        long due = start + (long) ((i + 1) * 1e9 / rate);
                        LockSupport.parkNanos(due - System.nanoTime());
                    }
                }
                hub.accept(batch);
            });
            backend.join();
            double published = (System.nanoTime() - start) / 1e9;
            boolean historyDone = rig.awaitHistory(Duration.ofMinutes(5));
            double historySeconds = (System.nanoTime() - start) / 1e9;
            boolean shown = rig.awaitTimeline(SampleEvents.usbError(t0.plusNanos((total - 1) * (1_000_000_000L / rate)), total - 1, total),
                    Duration.ofMinutes(5));
            double timelineSeconds = (System.nanoTime() - start) / 1e9;
            gaps.stop();
            double fxCpuMs = (threads.getThreadCpuTime(fxThread) - fxCpu0) / 1e6;
            double acceptMs = (rig.acceptNanos() - acceptNanos0) / 1e6;
            long[] table1 = rig.tableChanges();

            long stored = rig.storedEvents();
            long lost = rig.lostInHistory();
            long heapMb = Math.max(heap.peakMb(), heap.afterGcMb());
            System.out.printf("published %,d events in %.2f s (%,.0f/s); history caught up after %.2f s%s; timeline after %.2f s%s"
                            + " (%,d rows kept, %,d events in its own loss markers); %,d frames%n",
                    total, published, total / published, historySeconds, historyDone ? "" : " (NOT DONE)", timelineSeconds,
                    shown ? "" : " (NOT DONE)", rig.timelineRows(), rig.lostInTimeline(), gaps.frames());
            List<String> problems = hubLog.lines();
            if (!problems.isEmpty()) {
                System.out.println("hub problems: " + problems.subList(0, Math.min(5, problems.size())));
            }
            int frames = gaps.frames();
            // What load affects less than the gaps: the FX thread's own CPU time per frame, and its part in the model's accept.
            System.out.printf("FX thread: %.0f ms CPU over %d frames (%.1f ms a frame), of which the timeline model's accept %.0f ms CPU (%.1f ms a frame);"
                            + " work per frame p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d frames worked >= 10 ms%n",
                    fxCpuMs, frames, fxCpuMs / Math.max(1, frames), acceptMs, acceptMs / Math.max(1, frames),
                    gaps.workPercentileMillis(50), gaps.workPercentileMillis(99), gaps.workPercentileMillis(100), gaps.framesWorkingAtLeast(10));
            System.out.printf("table: row count changed %d times, %d list changes replaced rows (each rebuilds every visible row)%n",
                    table1[0] - table0[0], table1[1] - table0[1]);
            System.out.println("longest gaps (gap/FX work, ms): " + gaps.longest(8));
            System.out.println("load: " + Files.readString(Path.of("/proc/loadavg")).strip());
            System.out.printf("flood: frame gap p99 %.1f ms, max %.1f ms, stored %d of %d, loss markers %d, heap %d MB%n",
                    gaps.percentileMillis(99), gaps.maxMillis(), stored, total, lost, heapMb);
        } finally {
            javafx.application.Platform.exit();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The events the history's loss markers stand for. */
    static long lostIn(HistoryStore store) {
        return store.query(new HistoryStore.Query(null, null, Set.of(SourceId.META), null, null, 0)).stream()
                .filter(s -> s.event() instanceof LossEvent l && l.affected() == SourceId.HISTORY)
                .mapToLong(s -> ((LossEvent) s.event()).lost()).sum();
    }
}
