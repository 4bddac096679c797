package org.watchtray.nativeaccess.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.watchtray.nativeaccess.lab.KernelLab;
import org.watchtray.nativeaccess.lab.LabJUnit;

/**
 * The mount tests written for this machine's kernel, run inside the kernel lab VM, whose kernel
 * (6.1, the one Debian 12 ships) has no listmount/statmount, no fanotify mount events and no
 * ext4 emergency_ro. There they must pass, or skip saying which feature is missing; none may
 * fail. The full re-read, which every kernel has, must really run.
 */
class MountTestsOnLabKernelTest {
    private static final List<Class<?>> HOST_KERNEL_TESTS = List.of(
            MountSourceNamespaceTest.class, MountReadersNamespaceTest.class, Ext4ErrorsNamespaceTest.class, MountinfoReaderTest.class);

    @Test
    void passOrSkipWithTheMissingFeature() throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("-D" + PrivateMountNamespace.WAIT_SCALE + "=20"));
        HOST_KERNEL_TESTS.forEach(c -> args.add(c.getName()));
        KernelLab.Result run = KernelLab.java(null, LabJUnit.class, 1200, args.toArray(String[]::new));
        System.out.println("mount tests in the kernel lab VM:\n" + run.output());
        assertEquals(0, run.exitCode(), run.describe());

        Matcher summary = Pattern.compile("tests (\\d+), passed (\\d+), skipped (\\d+), failed (\\d+)").matcher(run.output());
        assertTrue(summary.find(), run.describe());
        assertEquals("0", summary.group(4), run.describe());
        List<String> skips = run.output().lines().filter(l -> l.startsWith("SKIP ")).toList();
        assertEquals(Integer.parseInt(summary.group(3)), skips.size(), run.describe());
        for (String skip : skips) {
            assertTrue(skip.contains(": kernel cannot run"), "a skip must say which kernel feature is missing: " + skip);
        }
        for (String expected : List.of(
                "PASS MountSourceNamespaceTest [3] FULL_REREAD",
                "PASS MountSourceNamespaceTest aBurstIsCoalescedButARemountReadOnlyIsNot()",
                "PASS MountinfoReaderTest aLargeTableIsReadWhole()")) {
            assertTrue(run.output().lines().anyMatch(l -> l.equals(expected)), "expected \"" + expected + "\":\n" + run.describe());
        }
    }
}
