package org.watchtray.nativeaccess.lab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which lab failures are the emulated boot's (booted again) and which are the test's own. */
class KernelLabTest {
    @TempDir
    Path runs;

    private KernelLab.Result noResult(String console) throws Exception {
        Path log = runs.resolve("console.log");
        Files.writeString(log, console);
        return new KernelLab.Result(125, "", "run-vm: no result from the guest (qemu exit 0, wall 7.49s); console: " + log + "\n");
    }

    @Test
    void theTimerPanicOfAnEmulatedBootIsRecognised() throws Exception {
        // As the lab kernel printed it under TCG on a loaded host (2026-12-04).
        assertTrue(KernelLab.panickedAtBoot(noResult("""
                [    0.008000] ..MP-BIOS bug: 8254 timer not connected to IO-APIC
                [    0.024000] Kernel panic - not syncing: IO-APIC + timer doesn't work!  Boot with apic=debug and send a report.
                """)));
    }

    @Test
    void anyOtherFailureIsTheTests() throws Exception {
        assertFalse(KernelLab.panickedAtBoot(noResult("[   12.1] Kernel panic - not syncing: Attempted to kill init!\n")));
        assertFalse(KernelLab.panickedAtBoot(new KernelLab.Result(1, "", "run-vm: rc=1 wall=9s")));
        assertFalse(KernelLab.panickedAtBoot(new KernelLab.Result(125, "", "run-vm: no kernel at /x")));
    }
}
