package org.watchtray.agent.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.watchtray.nativeaccess.lab.KernelLab;

/**
 * Issue 15's wake-up goal in the kernel lab VM (real dm-thin, inotify, fanotify, ext4): an idle
 * pool costs the agent nothing between safety looks, and a fill of a quiet pool, through the
 * thin volume's node or through a file on a filesystem on it, is still reported within the
 * bound (10 s), woken by the write signal. One boot ({@link ThinPoolSignalLab}).
 */
class ThinPoolSignalLabTest {
    private static final Pattern LATENCY = Pattern.compile("LATENCY (.+) (-?\\d+)");
    private static final Pattern IDLE = Pattern.compile("IDLE looks=(\\d+) readings=(\\d+) signals=(\\d+) after=(\\d+)");
    private static final Pattern SIGNAL = Pattern.compile("SIGNAL (\\w+) (\\d+)");
    private static final long BOUND_MS = 10_000;

    @Test
    void aQuietPoolIsLookedAtOnlyAtTheSafetyLookAndAFillWakesItWithinTheBound() throws Exception {
        KernelLab.Result r = KernelLab.java(ThinPoolTimingLabTest.PRELUDE, ThinPoolSignalLab.class, 900);
        String out = r.output();
        System.out.println(r.describe());
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(out.contains("DONE"), r.describe());
        assertTrue(out.contains("LOOK 9000 SAFETY " + ThinPoolSignalLab.SAFETY_S * 1000), "the shipped look interval: " + out);

        Matcher idle = out.lines().map(IDLE::matcher).filter(Matcher::matches).findFirst().orElseThrow(() -> new AssertionError(out));
        assertEquals("1 0 0", idle.group(1) + " " + idle.group(2) + " " + idle.group(3),
                "from quiet to the next look: that one look (the safety look), no reading, no signal:\n" + out);
        long after = Long.parseLong(idle.group(4));
        assertTrue(after >= ThinPoolSignalLab.SAFETY_S * 1000L - 50, "the safety look came " + after + " ms after the pool went quiet:\n" + out);

        Map<String, Long> latency = out.lines().map(LATENCY::matcher).filter(Matcher::matches)
                .collect(Collectors.toMap(m -> m.group(1), m -> Long.parseLong(m.group(2))));
        assertEquals(List.of("fs data 80", "fs data 85", "fs data 90", "node data 80", "node data 85", "node data 90"),
                latency.keySet().stream().sorted().toList(), out);
        for (var l : latency.entrySet()) {
            assertTrue(l.getValue() >= 0 && l.getValue() <= BOUND_MS, l.getKey() + " reported " + l.getValue() + " ms after it happened:\n" + out);
        }
        Map<String, Long> signals = out.lines().map(SIGNAL::matcher).filter(Matcher::matches)
                .collect(Collectors.toMap(m -> m.group(1), m -> Long.parseLong(m.group(2))));
        assertTrue(signals.getOrDefault("node", 0L) >= 1 && signals.getOrDefault("fs", 0L) >= 1,
                "each fill of a quiet pool was signalled: " + signals + "\n" + out);
    }
}
