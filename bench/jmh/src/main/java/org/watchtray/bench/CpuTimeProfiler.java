package org.watchtray.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Adds "cpu": operations per second of CPU time the benchmark process used during the
 * iteration. On a machine shared with other work, wall-clock throughput also measures how
 * often the scheduler let us run; CPU-time throughput measures the code (bench/decoder.c
 * reports the same figure from CLOCK_PROCESS_CPUTIME_ID). The benchmark allocates nothing,
 * so after warm-up the process's CPU time is the benchmark thread's.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuStart;
    private long wallStart;

    @Override
    public String getDescription() {
        return "operations per second of process CPU time";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        wallStart = System.nanoTime();
        cpuStart = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long cpu = os.getProcessCpuTime() - cpuStart;
        long wall = System.nanoTime() - wallStart;
        // primary score is ops per wall second; ops = score × wall seconds
        double ops = result.getPrimaryResult().getScore() * wall / 1e9;
        return List.of(new ScalarResult("cpu", ops / (cpu / 1e9), "ops/cpu-s", AggregationPolicy.AVG));
    }
}
