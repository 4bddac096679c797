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
 * Issue 15 in the kernel lab VM (real dm-thin, real LVM): a crossing is reported within the
 * agent's bound (10 s) after a burst from idle, even with the wall clock set back an hour in
 * between; a device created empty and loaded later is watched; a pool LVM activates while the
 * agent runs is watched, named "vg/lv", and goes once. One boot ({@link ThinPoolTimingLab}).
 */
class ThinPoolTimingLabTest {

    /** "pool": 64 MiB in 1024 blocks of 64 KiB, no low-water mark; "thin0" in it. */
    static final String PRELUDE = KernelLab.thinPool(0);

    private static final Pattern LATENCY = Pattern.compile("LATENCY (.+) (-?\\d+)");
    private static final long BOUND_MS = 10_000;

    @Test
    void crossingsAreReportedWithinTheBoundAndLvmPoolsAreWatchedFromTheirActivation() throws Exception {
        KernelLab.Result r = KernelLab.java(PRELUDE, ThinPoolTimingLab.class, 900);
        String out = r.output();
        System.out.println(r.describe());
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(out.contains("DONE"), r.describe());
        assertTrue(out.contains("REPORT_WITHIN 10000 LOOK 9000"), "the shipped schedule: " + out);

        Map<String, Long> latency = out.lines().map(LATENCY::matcher).filter(Matcher::matches)
                .collect(Collectors.toMap(m -> m.group(1), m -> Long.parseLong(m.group(2))));
        assertEquals(List.of("burst data 80", "burst data 85", "burst data 90", "late table", "lvm pool activation",
                        "lvm thin volume activation"),
                latency.keySet().stream().sorted().toList(), out);
        for (var l : latency.entrySet()) {
            assertTrue(l.getValue() >= 0 && l.getValue() <= BOUND_MS, l.getKey() + " reported " + l.getValue() + " ms after it happened:\n" + out);
        }

        List<String> named = out.lines().filter(l -> l.startsWith("LVM vg-lp")).toList();
        assertTrue(named.stream().allMatch(l -> l.contains(" lvm=vg/lp ")), "every event of the LVM pool names vg/lp:\n" + out);
        assertTrue(named.contains("LVM vg-lp STATUS 0 lvm=vg/lp mode=rw"), "the pool as LVM first activates it, vg-lp:\n" + out);
        List<String> lvm = named.stream().filter(l -> l.startsWith("LVM vg-lp-tpool ")).toList();
        assertEquals(List.of("STATUS 0", "DATA_THRESHOLD 80", "DATA_THRESHOLD 85", "RESOLVED 0"),
                lvm.stream().map(l -> l.split(" ")[2] + " " + l.split(" ")[3]).toList(), "activated, filled to 87.5 %, gone once:\n" + out);
        assertTrue(lvm.getLast().endsWith("mode=removed"), lvm.getLast());
    }
}
