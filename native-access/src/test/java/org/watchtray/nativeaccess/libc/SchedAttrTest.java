package org.watchtray.nativeaccess.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.watchtray.core.os.ThreadScheduling;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * The time slice against the real scheduler: what sched_getattr reports and what the kernel
 * shows in /proc/thread-self/sched (se.slice, ns) for the thread that asked, and for no other.
 */
public class SchedAttrTest {
    private static final ThreadScheduling SCHEDULING = NativeAccess.linux().threadScheduling();

    @BeforeAll
    static void customSlicesExist() {
        assumeCustomSlices();
    }

    /** Skips (with the reason) on a kernel before 6.12, which takes a slice and ignores it. */
    public static void assumeCustomSlices() {
        String[] v = System.getProperty("os.version").split("[.-]");
        int major = Integer.parseInt(v[0]);
        int minor = Integer.parseInt(v[1]);
        assumeTrue(major > 6 || major == 6 && minor >= 12, "custom time slices came with Linux 6.12; this is " + System.getProperty("os.version"));
    }

    @Test
    void theThreadThatAsksGetsItsSliceAndNoOtherThreadDoes() throws Exception {
        long before = onNewThread(() -> slice());
        long mine = slice();
        Duration got = onNewThread(() -> SCHEDULING.requestSlice(Duration.ofNanos(200_000)));
        assertEquals(Duration.ofNanos(200_000), got, "sched_getattr after sched_setattr");
        assertEquals(200_000, onNewThread(() -> {
            SCHEDULING.requestSlice(Duration.ofNanos(200_000));
            return slice();
        }), "the kernel's se.slice of the thread that asked");
        assertEquals(mine, slice(), "another thread's slice changed");
        assertEquals(before, onNewThread(() -> slice()), "a new thread inherited the slice");
    }

    @Test
    void theNiceValueStaysAsItWas() throws Exception {
        assertEquals(onNewThread(() -> nice()), onNewThread(() -> {
            SCHEDULING.requestSlice(Duration.ofNanos(100_000));
            return nice();
        }));
    }

    @Test
    void theKernelClampsASliceBelowItsMinimum() throws Exception {
        // 0.1 ms is the least the kernel gives (NSEC_PER_MSEC / 10).
        assertEquals(Duration.ofNanos(100_000), onNewThread(() -> SCHEDULING.requestSlice(Duration.ofNanos(1_000))));
    }

    /** The calling thread's se.slice from /proc/thread-self/sched. */
    public static long slice() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/sched"))) {
                if (line.startsWith("se.slice")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("/proc/thread-self/sched has no se.slice line");
    }

    /** Field 19 of /proc/thread-self/stat, after the command's closing parenthesis. */
    private static int nice() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[19 - 3]);
    }

    private static <T> T onNewThread(Callable<T> work) throws InterruptedException, ExecutionException {
        FutureTask<T> task = new FutureTask<>(work);
        Thread t = new Thread(task, "sched-attr-test");
        t.start();
        t.join();
        return task.get();
    }
}
