package org.watchtray.core.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The wall clock set between two arms of a CLOCK_REALTIME timer: the lab VM's kernel (6.1)
 * answers the next timerfd_settime with ECANCELED until the change is read, which stopped the
 * whole backend (found by ClockJumpLabTest). The timer consumes the change, fires at once and
 * tells it on the next acknowledge, so deadlines are re-evaluated rather than lost.
 */
class TimerFdTest {
    private final List<String> calls = new ArrayList<>();
    private boolean clockSet = true;

    private Libc libc() {
        return (Libc) Proxy.newProxyInstance(Libc.class.getClassLoader(), new Class<?>[] {Libc.class}, (proxy, m, args) -> {
            switch (m.getName()) {
                case "timerfd_create" -> {
                    return 7;
                }
                case "timerfd_settime" -> {
                    calls.add("settime " + args[2] + "." + args[3]);
                    if (clockSet) {
                        throw new OsException("timerfd_settime", "fd 7", Errno.ECANCELED, "Operation canceled");
                    }
                    return null;
                }
                case "readOrAgain" -> {
                    calls.add("read");
                    if (clockSet) {
                        clockSet = false;
                        throw new OsException("read", "fd 7", Errno.ECANCELED, "Operation canceled");
                    }
                    return 8;
                }
                default -> throw new UnsupportedOperationException(m.getName());
            }
        });
    }

    @Test
    void aClockSetBeforeReArmingIsConsumedFiresAtOnceAndIsToldOnce() throws OsException {
        TimerFd t = new TimerFd(libc(), Libc.CLOCK_REALTIME);
        t.armAt(Instant.ofEpochSecond(2_000_000_000L, 5));
        assertEquals(List.of("settime 2000000000.5", "read", "settime 0.1"), calls,
                "refused, the change consumed, then armed to fire at once");
        assertTrue(t.acknowledge(), "the clock change is told to the owner");
        assertFalse(t.acknowledge(), "and only once");
    }
}
