package org.watchtray.fuzz;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one target for a number of inputs. Each input is a mutant of a seed or, one time in
 * two, of a recent mutant (a small pool, so mutations can pile up deeper than one round). An
 * input fails when the target throws something it does not declare, breaks an invariant, runs
 * longer than {@link #HANG_NANOS} (measured on the thread's CPU clock when the wall clock says
 * it was slow, so a busy machine's preemption is not taken for a hang) or allocates more than
 * the target's limit. A watchdog ends the run when one input never returns.
 */
public final class Fuzzer {
    public static final long HANG_NANOS = 100_000_000L;
    private static final long WATCHDOG_NANOS = 30_000_000_000L;

    /** What a run found: counts, time, and each failing input with why. */
    public record Result(String target, long inputs, long nanos, List<Failure> failures, long maxAllocated) {
        public double perSecond() {
            return inputs / (nanos / 1e9);
        }
    }

    public record Failure(byte[] input, String why) {
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Fuzzer() {
    }

    public static Result run(Target target, long inputs, long seed) {
        Mutator m = new Mutator(seed ^ target.name().hashCode(), target.seeds(), target.dictionary(), target.maxLength());
        byte[][] pool = new byte[64][];
        List<Failure> failures = new ArrayList<>();
        long maxAllocated = 0;
        java.util.concurrent.atomic.AtomicLong current = new java.util.concurrent.atomic.AtomicLong();
        Thread self = Thread.currentThread();
        Thread watchdog = Thread.ofPlatform().daemon().name("fuzz-watchdog").start(() -> watch(self, current));
        long start = System.nanoTime();
        try {
            for (long i = 0; i < inputs; i++) {
                byte[] base = pool[(int) (i & 63)] != null && m.chance(2) ? pool[(int) (i & 63)] : m.seed();
                byte[] input = i < target.seeds().size() ? target.seeds().get((int) i) : m.next(base);
                pool[(int) ((i * 31) & 63)] = input;
                long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                current.set(t0);
                String why = runOne(target, input);
                long took = System.nanoTime() - t0;
                current.set(0);
                long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
                if (why == null && took > HANG_NANOS && cpuNanos(target, input) > HANG_NANOS) {
                    why = "hang: " + took / 1_000_000 + " ms";
                }
                if (why == null && allocated > target.allocationLimit(input.length)) {
                    // The first run of a path loads and initialises classes: measure it again.
                    long again = allocatedBy(target, input);
                    if (again > target.allocationLimit(input.length)) {
                        why = "allocated " + again + " bytes for " + input.length + " bytes of input";
                    }
                    allocated = again;
                }
                maxAllocated = Math.max(maxAllocated, allocated);
                if (why != null) {
                    failures.add(new Failure(input, why));
                    if (failures.size() >= 20) {
                        inputs = i + 1;
                        break;
                    }
                }
            }
        } finally {
            current.set(-1);
            watchdog.interrupt();
        }
        return new Result(target.name(), inputs, System.nanoTime() - start, failures, maxAllocated);
    }

    /** Runs one input; null when it passed, else why it failed. */
    static String runOne(Target target, byte[] input) {
        try {
            target.run(input);
            return null;
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                throw (VirtualMachineError) t;
            }
            return target.declared(t) ? null : describe(t);
        }
    }

    /** The input again, its allocation measured. */
    private static long allocatedBy(Target target, byte[] input) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        runOne(target, input);
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /** The input again, timed on this thread's CPU clock. */
    private static long cpuNanos(Target target, byte[] input) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            runOne(target, input);
            best = Math.min(best, THREADS.getCurrentThreadCpuTime() - t0);
        }
        return best;
    }

    static String describe(Throwable t) {
        StackTraceElement[] at = t.getStackTrace();
        return t + (at.length > 0 ? " at " + at[0] : "");
    }

    private static void watch(Thread fuzzing, java.util.concurrent.atomic.AtomicLong current) {
        try {
            while (current.get() >= 0) {
                Thread.sleep(1000);
                long started = current.get();
                if (started > 0 && System.nanoTime() - started > WATCHDOG_NANOS) {
                    System.err.println("fuzz: an input has run for over " + WATCHDOG_NANOS / 1_000_000_000 + " s; stack:");
                    for (StackTraceElement e : fuzzing.getStackTrace()) {
                        System.err.println("    at " + e);
                    }
                    System.err.println("fuzz: 1 failures (hang)");
                    Runtime.getRuntime().halt(1);
                }
            }
        } catch (InterruptedException done) {
            // the run is over
        }
    }
}
