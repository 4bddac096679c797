package org.watchtray.app.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import org.watchtray.app.testing.Fx;

/**
 * What the benchmarks share: the JavaFX toolkit (started once, on the platform the JVM was given: Headless, or GTK on a display), work on the
 * FX thread, the gaps between frames, and the heap's live size (what the collector left after
 * its last collection, the figure a heap limit has to hold).
 */
public final class BenchFx {
    private static final Duration BENCH_WAIT = Duration.ofSeconds(120);

    private BenchFx() {
    }

    public static void start() throws InterruptedException {
        CompletableFuture<Void> up = new CompletableFuture<>();
        Platform.startup(() -> up.complete(null));
        Platform.setImplicitExit(false);
        up.join();
    }

    /** Runs {@code work} on the FX thread and waits up to 120 s (a flood under load takes long). */
    public static <T> T call(Callable<T> work) {
        return Fx.callWithin(BENCH_WAIT, work);
    }

    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** Polls {@code done} on the FX thread, once per frame, until true; returns the milliseconds it took. */
    public static double awaitOnFx(long startNanos, BooleanSupplier done, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (call(done::getAsBoolean)) {
                return (System.nanoTime() - startNanos) / 1e6;
            }
            Thread.sleep(2);
        }
        return Double.NaN;
    }

    /** The gap between consecutive FX frames, recorded while started. */
    public static final class FrameGaps {
        private long[] gaps = new long[1 << 14];
        /** The FX thread's CPU time in each gap: its work for one frame, which load changes less than the gap. */
        private long[] work = new long[1 << 14];
        private int count;
        private long last;
        private long lastCpu;
        private final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                long cpu = threads.getCurrentThreadCpuTime();
                if (last != 0) {
                    if (count == gaps.length) {
                        gaps = Arrays.copyOf(gaps, count * 2);
                        work = Arrays.copyOf(work, count * 2);
                    }
                    work[count] = cpu - lastCpu;
                    gaps[count++] = t - last;
                }
                last = t;
                lastCpu = cpu;
            }
        };

        public void start() {
            run(() -> {
                count = 0;
                last = 0;
                timer.start();
            });
        }

        public void stop() {
            run(timer::stop);
        }

        public int frames() {
            return call(() -> count);
        }

        /** The {@code p}-th percentile gap in milliseconds (p in 0..100). */
        public double percentileMillis(double p) {
            return percentileMillis(call(() -> Arrays.copyOf(gaps, count)), p);
        }

        private static double percentileMillis(long[] nanos, double p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            Arrays.sort(nanos);
            int i = (int) Math.min(nanos.length - 1, Math.ceil(p / 100 * nanos.length) - 1);
            return nanos[Math.max(0, i)] / 1e6;
        }

        public double maxMillis() {
            return percentileMillis(100);
        }

        /** The {@code p}-th percentile of the FX thread's CPU time per frame, in milliseconds. */
        public double workPercentileMillis(double p) {
            return percentileMillis(call(() -> Arrays.copyOf(work, count)), p);
        }

        /**
         * The {@code n} longest gaps, longest first, each as "gap/work" in milliseconds: a gap much
         * longer than its work waited for the CPU (load) or a collection, not for the window.
         */
        public String longest(int n) {
            return call(() -> {
                Integer[] order = new Integer[count];
                Arrays.setAll(order, i -> i);
                Arrays.sort(order, (a, b) -> Long.compare(gaps[b], gaps[a]));
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < Math.min(n, count); i++) {
                    s.append(i == 0 ? "" : ", ").append(String.format("%.0f/%.0f", gaps[order[i]] / 1e6, work[order[i]] / 1e6));
                }
                return s.toString();
            });
        }

        /** Frames whose FX work took at least {@code millis} (those that rendered a change, under Headless). */
        public int framesWorkingAtLeast(double millis) {
            return call(() -> (int) Arrays.stream(work, 0, count).filter(w -> w >= millis * 1e6).count());
        }
    }

    /**
     * The largest live heap seen: the heap's size after each collection (from the collectors'
     * notifications), the figure a heap limit has to hold.
     */
    public static final class LiveHeap implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final java.util.List<Runnable> removals = new java.util.ArrayList<>();

        public LiveHeap() {
            java.util.Set<String> heapPools = new java.util.HashSet<>();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    heapPools.add(p.getName());
                }
            }
            javax.management.NotificationListener listener = (n, handback) -> {
                if (n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                            (javax.management.openmbean.CompositeData) n.getUserData());
                    long used = 0;
                    for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (heapPools.contains(e.getKey())) {
                            used += e.getValue().getUsed();
                        }
                    }
                    peak.accumulateAndGet(used, Math::max);
                }
            };
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                var emitter = (javax.management.NotificationEmitter) gc;
                emitter.addNotificationListener(listener, null, null);
                removals.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (javax.management.ListenerNotFoundException e) {
                        // already gone
                    }
                });
            }
        }

        /** The peak live heap in MB so far. */
        public long peakMb() {
            return peak.get() / (1024 * 1024);
        }

        /** The heap after a full collection now, in MB (also counted in the peak). */
        public long afterGcMb() {
            System.gc();
            Runtime rt = Runtime.getRuntime();
            long used = rt.totalMemory() - rt.freeMemory();
            peak.accumulateAndGet(used, Math::max);
            return used / (1024 * 1024);
        }

        @Override
        public void close() {
            removals.forEach(Runnable::run);
        }
    }
}
