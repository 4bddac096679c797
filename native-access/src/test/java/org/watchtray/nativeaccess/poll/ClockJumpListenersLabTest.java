package org.watchtray.nativeaccess.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.nativeaccess.lab.KernelLab;

/**
 * The backend's clock-jump listeners (what the thin pools use to reopen their per-CPU perf events
 * after a resume) in the lab VM, where the wall clock can really be set: a listener with no
 * deadline of its own hears each set, once (the loop keeps its wall-clock timerfd armed, with
 * TFD_TIMER_CANCEL_ON_SET, for it; the kernel cancels that timer at a resume too).
 */
class ClockJumpListenersLabTest {
    @Test
    void aListenerHearsEachSetOfTheWallClockOnce() throws Exception {
        KernelLab.Result r = KernelLab.java(null, ClockJumpListeners.class, 120);
        assertEquals(0, r.exitCode(), r.describe());
        List<String> lines = r.output().lines().filter(l -> l.matches("(registrations|forward|back|more|closed).*")).toList();
        assertEquals(List.of("registrations 2", "forward: heard true", "back: heard true", "more false", "closed"), lines, r.describe());
    }
}
