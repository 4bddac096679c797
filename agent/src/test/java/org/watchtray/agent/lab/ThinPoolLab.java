package org.watchtray.agent.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.watchtray.agent.AgentConfig;
import org.watchtray.agent.Desktop;
import org.watchtray.agent.outputs.AgentOutputs;
import org.watchtray.core.event.Event;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.thinpool.ThinPoolSource;

/**
 * Runs inside the kernel lab VM after {@link ThinPoolLabTest#PRELUDE} created a thin pool on
 * loop devices, with two agents at once, each with a desktop deciding from its readings: A on
 * arm-poll, looking at pools every 0.5 s and reading them at least every second; B forced onto
 * DM_DEV_WAIT and looking only every minute, so the kernel events B's desktop reports within
 * the run came through DM_DEV_WAIT. "pool" is filled past its
 * low-water mark, past 80/85/90/95 % and to out of space; after each fill the lab waits for
 * the event that fill must cause before filling on. Exits 1 when an expected event never came.
 * Agent A also writes its Prometheus textfile; after each step its pool line is printed
 * ("A METRICS …"), and the whole file at the end ("A PROM …").
 */
public final class ThinPoolLab {
    private ThinPoolLab() {
    }

    /** Writes MiB [from, to) of the thin device with O_DIRECT so the pool allocates at once. */
    static void fill(String thin, int fromMiB, int toMiB) throws Exception {
        LabSubscriber.sh("dd if=/dev/urandom of=/dev/mapper/" + thin + " bs=1M seek=" + fromMiB + " count=" + (toMiB - fromMiB)
                + " oflag=direct 2>&1 | tail -n 1");
    }

    private static final Path TEXTFILE = Path.of("/run/watchtray/a.prom");

    /**
     * The textfile's lines about "pool" once they show {@code expected} (bounded: the
     * test then sees what was there). The agent hands its state to the writer after the decision
     * the caller awaited, so "the writer is idle" alone could still be the previous step's file.
     */
    private static void metrics(LabSubscriber agent, String step, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        agent.outputs().textfile().awaitIdle(Duration.ofSeconds(10));
        String line = metricsLine(step);
        while (!(line + " ").contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            agent.outputs().textfile().awaitIdle(Duration.ofSeconds(10));
            line = metricsLine(step);
        }
        System.out.println(line);
    }

    private static String metricsLine(String step) throws Exception {
        StringBuilder line = new StringBuilder("A METRICS " + step);
        for (String l : Files.readAllLines(TEXTFILE)) {
            if (l.startsWith("watchtray_thinpool_data_used_ratio{pool=\"pool\"")) {
                line.append(" data=").append(l.substring(l.lastIndexOf(' ') + 1));
            } else if (l.startsWith("watchtray_thinpool_threshold_percent{pool=\"pool\"") && l.contains("kind=\"data\"")) {
                line.append(" threshold=").append(l.substring(l.lastIndexOf(' ') + 1));
            } else if (l.startsWith("watchtray_thinpool_thresholds_crossed_total{pool=\"pool\"") && l.contains("kind=\"data\"")) {
                line.append(" crossed=").append(l.substring(l.lastIndexOf(' ') + 1));
            } else if (l.startsWith("watchtray_thinpool_alert{pool=\"pool\"") && l.contains("alert=\"out_of_space\"")) {
                line.append(" out_of_space=").append(l.substring(l.lastIndexOf(' ') + 1));
            }
        }
        return line.toString();
    }

    static boolean pool(Event e, ThinPoolEvent.Change change, int threshold) {
        return e instanceof ThinPoolEvent t && t.pool().equals("pool") && t.change() == change && t.threshold() == threshold;
    }

    public static void main(String[] args) throws Exception {
        AgentConfig base = AgentConfig.defaults();
        AgentOutputs.Config textfile = AgentOutputs.Config.none().withMetrics(TEXTFILE, Duration.ofMillis(500));
        Files.createDirectories(TEXTFILE.getParent()); // the textfile collector's directory exists before the agent starts
        try (LabSubscriber agentA = new LabSubscriber(base.withSocket(Path.of("/run/watchtray/a.sock"))
                     .onlyThinPools(new ThinPoolSource.Options(Duration.ofSeconds(1), Duration.ofSeconds(1), false)), textfile);
             LabSubscriber agentB = new LabSubscriber(base.withSocket(Path.of("/run/watchtray/b.sock"))
                     .onlyThinPools(new ThinPoolSource.Options(Duration.ofSeconds(60), Duration.ofSeconds(60), true)))) {
            Desktop a = agentA.desktop("A", Settings.defaults());
            Desktop b = agentB.desktop("B", Settings.defaults());
            LabSubscriber.await(a, "A's first reading of the pool", e -> pool(e, ThinPoolEvent.Change.STATUS, 0), 60_000);
            LabSubscriber.await(b, "B's first reading of the pool", e -> pool(e, ThinPoolEvent.Change.STATUS, 0), 60_000);
            // MiB written → data used: 20 → 31 % (past the low-water mark), 52 → 81, 56 → 87.5, 59 → 92, 62 → 97 %.
            int[] steps = {20, 52, 56, 59, 62};
            ThinPoolEvent.Change[] expect = {ThinPoolEvent.Change.LOW_WATER_MARK, ThinPoolEvent.Change.DATA_THRESHOLD,
                ThinPoolEvent.Change.DATA_THRESHOLD, ThinPoolEvent.Change.DATA_THRESHOLD, ThinPoolEvent.Change.DATA_THRESHOLD};
            int[] thresholds = {0, 80, 85, 90, 95};
            int at = 0;
            metrics(agentA, "start", " threshold=0 ");
            for (int i = 0; i < steps.length; i++) {
                fill("thin0", at, steps[i]);
                at = steps[i];
                int k = i;
                LabSubscriber.await(a, expect[i] + " " + thresholds[i], e -> pool(e, expect[k], thresholds[k]), 60_000);
                agentA.awaitOwn("A's own decision at " + steps[i] + " MiB", e -> pool(e, expect[k], thresholds[k]), 60_000);
                metrics(agentA, "at" + steps[i], " threshold=" + thresholds[i] + " ");
            }
            LabSubscriber.await(b, "B's low-water mark", e -> pool(e, ThinPoolEvent.Change.LOW_WATER_MARK, 0), 60_000);
            fill("thin0", at, 80);                   // out of data space: error_if_no_space fails the write
            LabSubscriber.await(a, "A out of space", e -> pool(e, ThinPoolEvent.Change.OUT_OF_DATA_SPACE, 0), 60_000);
            LabSubscriber.await(b, "B out of space", e -> pool(e, ThinPoolEvent.Change.OUT_OF_DATA_SPACE, 0), 60_000);
            agentA.awaitOwn("A's own out-of-space decision", e -> pool(e, ThinPoolEvent.Change.OUT_OF_DATA_SPACE, 0), 60_000);
            metrics(agentA, "full", " out_of_space=1 ");
            for (String l : Files.readAllLines(TEXTFILE)) {
                System.out.println("A PROM " + l);
            }
        }
        System.out.println("DONE");
        System.exit(LabSubscriber.exitCode());
    }
}
