package org.watchtray.agent.lab;

import java.nio.file.Path;
import java.time.Duration;
import org.watchtray.agent.AgentConfig;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.nativeaccess.dm.ThinPoolSource;

/**
 * Runs inside the kernel lab VM after {@link ThinPoolLabTest#PRELUDE} created a thin pool on
 * loop devices, with two agents at once: A on arm-poll, reading pools every 1–1.5 s; B forced
 * onto DM_DEV_WAIT and reading only every minute, so what B reports came through DM_DEV_WAIT.
 * "pool" is filled past its low-water mark, past 80/85/90/95 % and to out of space. Every
 * record both agents send is printed.
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

    public static void main(String[] args) throws Exception {
        AgentConfig base = AgentConfig.defaults();
        try (LabSubscriber a = new LabSubscriber("A", base.withSocket(Path.of("/run/watchtray/a.sock"))
                     .onlyThinPools(new ThinPoolSource.Options(Duration.ofMillis(500), Duration.ofSeconds(1), false)));
             LabSubscriber b = new LabSubscriber("B", base.withSocket(Path.of("/run/watchtray/b.sock"))
                     .onlyThinPools(new ThinPoolSource.Options(Duration.ofSeconds(60), Duration.ofSeconds(60), true)))) {
            if (!a.awaitSnapshot(SourceId.THINPOOL) || !b.awaitSnapshot(SourceId.THINPOOL)) {
                System.out.println("NO SNAPSHOT");
                return;
            }
            int[] steps = {20, 52, 56, 59, 62}; // 31 % (past the low-water mark), 81, 87.5, 92, 97 %
            int at = 0;
            for (int step : steps) {
                fill("thin0", at, step);
                at = step;
                Thread.sleep(1500);                  // A's readings (every ≤ 1 s) see each threshold
            }
            fill("thin0", at, 80);                   // out of data space: error_if_no_space fails the write
            System.out.println("A DONE " + outOfSpace(a, "pool"));
            System.out.println("B DONE " + outOfSpace(b, "pool"));
        }
    }
}
