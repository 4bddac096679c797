package org.watchtray.nativeaccess.kerberos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.watchtray.nativeaccess.lab.KernelLab;

/**
 * Fault: the wall clock leaps forward (a suspend/resume) and back (NTP, a user's date) under
 * a running Kerberos source, in the lab VM, where CLOCK_REALTIME can really be set. The
 * ticket's and the key's expiry warnings come once, promptly after the leap, and are not
 * repeated (ClockJumpScenario).
 */
class ClockJumpLabTest {
    @Test
    void ticketAndKeyWarningsAreNeitherLostNorRepeatedWhenTheWallClockJumps() throws Exception {
        KernelLab.Result r = KernelLab.java(null, ClockJumpScenario.class, 300);
        System.out.println(r.describe());
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.output().contains("\nOK") || r.output().startsWith("OK"), r.describe());
        long ms = r.output().lines().filter(l -> l.startsWith("WARNED_AFTER_LEAP_MS\t")).mapToLong(l -> Long.parseLong(l.split("\t")[1]))
                .findFirst().orElseThrow(() -> new AssertionError(r.describe()));
        // The timerfd is cancelled by the clock change (TFD_TIMER_CANCEL_ON_SET): the warning follows
        // the leap at once, not at the next periodic re-read (10 minutes).
        assertTrue(ms < 30_000, "warned " + ms + " ms after the leap\n" + r.describe());
        assertTrue(r.output().contains("KEY_WARNINGS_AFTER_SECOND_LEAP\t1"), r.describe());
    }
}
