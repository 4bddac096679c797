package org.watchtray.core.os;

import java.time.Duration;

/**
 * How the kernel schedules the calling thread. The backend thread sleeps until the kernel has
 * something to say and then works for tens of microseconds; on a busy CPU the default time slice
 * (0.75 ms and more) lets whatever runs there finish its slice first. Linux 6.12's EEVDF
 * scheduler lets an ordinary, unprivileged thread ask for a shorter slice instead: it then gets
 * an earlier deadline and may preempt a longer-sliced thread when it wakes, without any more
 * share of the CPU than before (nice, and so the share, are left as they are).
 */
public interface ThreadScheduling {

    /**
     * Asks for {@code slice} as the calling thread's time slice (sched_setattr's sched_runtime for
     * SCHED_OTHER; the kernel clamps it to 0.1–100 ms). Kernels before 6.12 take the call and
     * ignore the slice.
     *
     * @return the slice the kernel now reports for the thread (sched_getattr), or
     *         {@link Duration#ZERO} where it reports none (kernels before 6.12)
     * @throws OsException if the thread's scheduling cannot be read or set (e.g. ENOSYS)
     */
    Duration requestSlice(Duration slice) throws OsException;

    /** For tests and platforms without the call: nothing is asked, nothing is reported. */
    ThreadScheduling NONE = slice -> Duration.ZERO;
}
