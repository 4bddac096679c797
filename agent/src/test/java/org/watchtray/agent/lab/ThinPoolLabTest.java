package org.watchtray.agent.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.watchtray.nativeaccess.lab.KernelLab;

/**
 * Real dm-thin in the kernel lab VM (this host's kernel has no device-mapper): thin-pool
 * readings from the kernel through the agent's socket to desktops that decide the events. One boot.
 */
class ThinPoolLabTest {

    /** A pool on loop devices: 64 MiB in 1024 blocks of 64 KiB, low-water mark 768 free blocks, and a 128 MiB thin volume in it. */
    static final String PRELUDE = KernelLab.thinPool(768);


    private static final Pattern TP = Pattern.compile("(A|B) (\\d+) TP (\\w+) pool=(\\S+) threshold=(\\d+) data=([\\d.]+|NaN) meta=\\S+ fullIn=(\\S+) mode=(\\S+) \\| (.*)");

    record Tp(String agent, long ms, String change, String pool, int threshold, String fullIn, String mode, String summary) {
    }

    /**
     * The write signal, said once in the status: the lab's stock kernel has no tracepoints, so the
     * filesystem signals, with the reason; a tracing kernel, the block layer.
     */
    private static final String WRITE_SIGNAL = "; writes seen by (perf events on block:block_bio_queue"
            + "|inotify/fanotify \\(block layer: tracefs not mounted, or a kernel without CONFIG_EVENT_TRACING .*\\), mmap and loop-device writes at the safety look)";

    @Test
    void poolEventsTravelFromTheKernelThroughTheAgentSocket() throws Exception {
        KernelLab.Result r = KernelLab.java(PRELUDE, ThinPoolLab.class, 600);
        String out = r.output();
        System.out.println(r.describe());
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(out.contains("DONE"), r.describe());
        assertTrue(out.lines().anyMatch(l -> l.matches("A \\d+ STATUS thinpool: via watchtray-agent: DM_DEV_ARM_POLL \\+ poll\\(\\) on"
                        + " /dev/mapper/control \\(dm ioctl 4\\.\\d+\\.\\d+\\)" + WRITE_SIGNAL)), "agent A runs on arm-poll:\n" + out);
        assertTrue(out.lines().anyMatch(l -> l.matches("B \\d+ STATUS thinpool: via watchtray-agent: DM_DEV_WAIT, one waiting thread per pool"
                        + WRITE_SIGNAL + " \u2014 DM_DEV_WAIT forced by configuration")), "agent B runs on DM_DEV_WAIT:\n" + out);

        List<Tp> events = out.lines().map(TP::matcher).filter(Matcher::matches)
                .map(m -> new Tp(m.group(1), Long.parseLong(m.group(2)), m.group(3), m.group(4), Integer.parseInt(m.group(5)), m.group(7), m.group(8), m.group(9)))
                .toList();
        List<String> poolA = events.stream().filter(e -> e.agent().equals("A") && e.pool().equals("pool") && !e.change().equals("STATUS"))
                .map(e -> e.change() + (e.threshold() > 0 ? " " + e.threshold() : "")).toList();
        assertEquals(List.of("LOW_WATER_MARK", "DATA_THRESHOLD 80", "DATA_THRESHOLD 85", "DATA_THRESHOLD 90", "DATA_THRESHOLD 95", "OUT_OF_DATA_SPACE"),
                poolA, "events of pool decided by the desktop of agent A:\n" + out);
        Tp full = events.stream().filter(e -> e.agent().equals("A") && e.change().equals("OUT_OF_DATA_SPACE")).findFirst().orElseThrow();
        assertEquals("out_of_data_space", full.mode());
        assertEquals("Thin pool \u201cpool\u201d is out of data space: writes fail", full.summary());
        assertTrue(events.stream().anyMatch(e -> e.change().equals("DATA_THRESHOLD") && !e.fullIn().equals("-")),
                "a threshold event estimates the time to full:\n" + out);
        // B reads pools only every minute: what it reports within the run came through DM_DEV_WAIT wake-ups.
        List<String> poolB = events.stream().filter(e -> e.agent().equals("B") && e.pool().equals("pool") && !e.change().equals("STATUS"))
                .map(Tp::change).toList();
        assertTrue(poolB.contains("LOW_WATER_MARK") && poolB.contains("OUT_OF_DATA_SPACE"), "agent B through DM_DEV_WAIT: " + poolB + "\n" + out);

        // Agent A's Prometheus textfile followed the pool: usage rising step by step, the thresholds, then out of space.
        List<Matcher> metrics = out.lines().map(METRICS::matcher).filter(Matcher::matches).toList();
        assertEquals(List.of("start", "at20", "at52", "at56", "at59", "at62", "full"), metrics.stream().map(m -> m.group(1)).toList(), out);
        List<Double> data = metrics.stream().map(m -> Double.parseDouble(m.group(2))).toList();
        for (int i = 1; i < data.size(); i++) {
            assertTrue(data.get(i) > data.get(i - 1), "data use rises with each write: " + data);
        }
        assertEquals(List.of("0", "0", "80", "85", "90", "95", "95"), metrics.stream().map(m -> m.group(3)).toList(), "threshold in force");
        assertEquals("4", metrics.getLast().group(4), "four thresholds crossed");
        assertEquals("1", metrics.getLast().group(5), "out of space");
        String textfile = out.lines().filter(l -> l.startsWith("A PROM ")).map(l -> l.substring("A PROM ".length()) + "\n")
                .collect(java.util.stream.Collectors.joining());
        org.watchtray.agent.outputs.Promtool check = org.watchtray.agent.outputs.Promtool.check(textfile);
        assertTrue(check.clean(), check.output() + "\n" + textfile);
    }

    private static final Pattern METRICS = Pattern.compile(
            "A METRICS (\\w+) data=([\\d.]+) threshold=(\\d+) crossed=(\\d+) out_of_space=(\\d)");
}
