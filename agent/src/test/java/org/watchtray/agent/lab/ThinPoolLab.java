package org.watchtray.agent.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.watchtray.agent.AgentConfig;
import org.watchtray.agent.outputs.AgentOutputs;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.nativeaccess.dm.ThinPoolSource;

/**
 * Runs inside the kernel lab VM after {@link ThinPoolLabTest#PRELUDE} created a thin pool on
 * loop devices, with two agents at once: A on arm-poll, reading pools every 1–1.5 s; B forced
 * onto DM_DEV_WAIT and reading only every minute, so what B reports came through DM_DEV_WAIT.
 * "pool" is filled past its low-water mark, past 80/85/90/95 % and to out of space. Every
 * record both agents send is printed. Agent A also writes its Prometheus textfile; after each
 * step its pool line is printed ("A METRICS …"), and the whole file at the end ("A PROM …").
 */
public final class ThinPoolLab {
    private ThinPoolLab() {
    }

    /** Writes MiB [from, to) of the thin device with O_DIRECT so the pool allocates at once. */
    private static void fill(String thin, int fromMiB, int toMiB) throws Exception {
        LabSubscriber.sh("dd if=/dev/urandom of=/dev/mapper/" + thin + " bs=1M seek=" + fromMiB + " count=" + (toMiB - fromMiB)
                + " oflag=direct 2>&1 | tail -n 1");
    }

    private static boolean outOfSpace(LabSubscriber s, String pool) throws InterruptedException {
        return s.awaitEvent(e -> e instanceof ThinPoolEvent t && t.pool().equals(pool) && t.change() == ThinPoolEvent.Change.OUT_OF_DATA_SPACE, 10_000);
    }

    private static final Path TEXTFILE = Path.of("/run/watchtray/a.prom");

    /** The pool's values in A's textfile, on one line, once everything published so far is written. */
    private static void metrics(LabSubscriber a, String step) throws Exception {
        a.agent().outputs().textfile().awaitIdle(Duration.ofSeconds(10));
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
        System.out.println(line);
    }

    public static void main(String[] args) throws Exception {
        AgentConfig base = AgentConfig.defaults();
        AgentOutputs.Config textfile = AgentOutputs.Config.none().withMetrics(TEXTFILE, Duration.ofMillis(500));
        Files.createDirectories(TEXTFILE.getParent()); // the textfile collector's directory exists before the agent starts
        try (LabSubscriber a = new LabSubscriber("A", base.withSocket(Path.of("/run/watchtray/a.sock"))
                     .onlyThinPools(new ThinPoolSource.Options(Duration.ofMillis(500), Duration.ofSeconds(1), false)), textfile);
             LabSubscriber b = new LabSubscriber("B", base.withSocket(Path.of("/run/watchtray/b.sock"))
                     .onlyThinPools(new ThinPoolSource.Options(Duration.ofSeconds(60), Duration.ofSeconds(60), true)))) {
            if (!a.awaitSnapshot(SourceId.THINPOOL) || !b.awaitSnapshot(SourceId.THINPOOL)) {
                System.out.println("NO SNAPSHOT");
                return;
            }
            int[] steps = {20, 52, 56, 59, 62}; // 31 % (past the low-water mark), 81, 87.5, 92, 97 %
            int at = 0;
            metrics(a, "start");
            for (int step : steps) {
                fill("thin0", at, step);
                at = step;
                Thread.sleep(1500);                  // A's readings (every ≤ 1 s) see each threshold; its textfile is refreshed every 0.5 s
                metrics(a, "at" + step);
            }
            fill("thin0", at, 80);                   // out of data space: error_if_no_space fails the write
            System.out.println("A DONE " + outOfSpace(a, "pool"));
            System.out.println("B DONE " + outOfSpace(b, "pool"));
            metrics(a, "full");
            for (String l : Files.readAllLines(TEXTFILE)) {
                System.out.println("A PROM " + l);
            }
        }
    }
}
