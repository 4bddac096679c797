package org.watchtray.agent.lab;

import java.util.Map;
import java.util.TreeMap;
import org.watchtray.core.thinpool.DeviceMapper;

/**
 * When a lab fill took a pool's data usage past 80, 85 and 90 %. Each crossing is stamped when
 * the write that made it <em>began</em>: the pool allocates blocks during the writeback the
 * sync starts, so the agent can read the new usage before the sync returns (a steady fill's 90 %
 * was once reported 22 ms before its fdatasync came back). From the write's start, a latency is
 * an upper bound and never negative.
 */
final class Crossings {
    private static final int[] THRESHOLDS = {80, 85, 90};

    /** One write to the pool and the sync that makes it allocate. */
    @FunctionalInterface
    interface Write {
        void run() throws Exception;
    }

    private final DeviceMapper dm;
    private final String pool;
    private final String label;
    private final long origin;
    private final Map<Integer, Long> crossed = new TreeMap<>();
    private long before;

    /**
     * @param label  what the printed lines call the fill ("data", "steady data")
     * @param origin the nanoTime the printed times count from
     */
    Crossings(DeviceMapper dm, String pool, String label, long origin) throws Exception {
        this.dm = dm;
        this.pool = pool;
        this.label = label;
        this.origin = origin;
        this.before = ThinPoolTimingLab.usedPermille(dm, pool);
    }

    /** The pool's data usage in ‰ as last read. */
    long usedPermille() {
        return before;
    }

    /** Runs {@code write}, reads the pool's usage and stamps each threshold it took the pool past. */
    void write(Write write) throws Exception {
        long began = System.nanoTime();
        write.run();
        long now = ThinPoolTimingLab.usedPermille(dm, pool);
        for (int th : THRESHOLDS) {
            if (before < th * 10L && now >= th * 10L) {
                crossed.put(th, began);
                System.out.println("CROSS " + label + " " + th + " by the write begun at " + (began - origin) / 1_000_000
                        + " ms, " + now / 10.0 + " %");
            }
        }
        before = now;
    }

    /** Threshold to the nanoTime of the write that crossed it. */
    Map<Integer, Long> crossed() {
        return crossed;
    }
}
