package org.watchtray.nativeaccess.poll;

import java.time.Clock;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.source.EventLoop;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * Run in the lab VM by {@link ClockJumpListenersLabTest}, where the wall clock can really be
 * set: a source that only listens for clock jumps (no deadline of its own), the clock set
 * forward an hour and back, then the listener closed and the clock set once more. Prints one line
 * per step.
 */
public final class ClockJumpListeners {
    private ClockJumpListeners() {
    }

    public static void main(String[] args) throws Exception {
        BlockingQueue<Long> jumps = new LinkedBlockingQueue<>();
        EventLoop loop = new EventLoop(NativeAccess.linux().libc(), Clock.systemUTC(), batch -> { });
        CountDownLatch started = new CountDownLatch(1);
        EventLoopTest.TestSource source = new EventLoopTest.TestSource(SourceId.MOUNTS, ctx -> {
            ctx.afterClockJump(() -> jumps.add(System.nanoTime()));
            started.countDown();
        });
        loop.add(source);
        loop.start();
        started.await(10, TimeUnit.SECONDS);
        // The timers are armed at the end of the wakeup that started the source: a task after it is a fence.
        CountDownLatch armed = new CountDownLatch(1);
        loop.execute(armed::countDown);
        armed.await(10, TimeUnit.SECONDS);
        System.out.println("registrations " + loop.registrations());
        set("+3600");
        System.out.println("forward: heard " + (jumps.poll(10, TimeUnit.SECONDS) != null));
        set("-3600");
        System.out.println("back: heard " + (jumps.poll(10, TimeUnit.SECONDS) != null));
        System.out.println("more " + (jumps.poll(500, TimeUnit.MILLISECONDS) != null));
        loop.close();
        System.out.println("closed");
    }

    /** {@code date -s @(now + delta s)}: a clock set, as NTP's step or a user's date does (a resume cancels the same timers). */
    private static void set(String delta) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "date -s @$(( $(date +%s) " + delta + " )) >/dev/null").inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("date -s failed");
        }
    }
}
