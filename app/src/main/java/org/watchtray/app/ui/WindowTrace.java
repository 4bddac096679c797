package org.watchtray.app.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * Where the time of a window's opening goes, for {@code bench/app-idle} and for anyone who asks
 * with {@code -Dwatchtray.window.trace=true} (given to the tray, whose options the window
 * process inherits): each process marks its phases with their wall-clock time (epoch ms, so the
 * tray's, the window process's and the bench's clocks line up) and prints them on standard error
 * as one line, {@code watchtray: window trace (WHO): jvm=T phase=T …}. Off (the default), a mark
 * is one test of a constant: nothing is kept and nothing printed.
 */
public final class WindowTrace {
    static final String PROPERTY = "watchtray.window.trace";
    private static final boolean ON = Boolean.getBoolean(PROPERTY);
    private static final Queue<String> MARKS = ON ? new ConcurrentLinkedQueue<>() : null;
    /** The FX thread's CPU time at its marks: what the window's own work costs, whatever else the machine runs. */
    private static final Queue<String> FX_CPU = ON ? new ConcurrentLinkedQueue<>() : null;

    private WindowTrace() {
    }

    public static boolean on() {
        return ON;
    }

    /** Notes that {@code phase} ended now. */
    public static void mark(String phase) {
        if (ON) {
            MARKS.add(phase + "=" + System.currentTimeMillis());
            fxCpu(phase);
        }
    }

    /** The {@code n} threads of this process (the JVM's own included) that used the most CPU so far, from /proc. */
    private static String busiestThreads(int n) {
        record Used(String name, long ms) {
        }
        List<Used> all = new ArrayList<>();
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path t : tasks.toList()) {
                try {
                    String stat = java.nio.file.Files.readString(t.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String[] f = stat.substring(close + 2).split(" ");
                    // Fields 14 and 15 (utime, stime) in clock ticks of 10 ms; f[0] is field 3.
                    all.add(new Used(stat.substring(stat.indexOf('(') + 1, close), (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10));
                } catch (java.io.IOException | RuntimeException gone) {
                    // a thread that ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return "unknown (" + e + ")";
        }
        return all.stream().sorted(java.util.Comparator.comparingLong(Used::ms).reversed()).limit(n)
                .map(u -> u.name().replace(' ', '_') + "=" + u.ms()).collect(Collectors.joining(" "));
    }

    /** By the thread's name: the tray process, which marks too, must not load the toolkit's classes. */
    private static void fxCpu(String phase) {
        if (Thread.currentThread().getName().equals("JavaFX Application Thread")) {
            FX_CPU.add(phase + "=" + java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000);
        }
    }

    /** Notes that {@code phase} took place at {@code epochMillis}. */
    public static void mark(String phase, long epochMillis) {
        if (ON) {
            MARKS.add(phase + "=" + epochMillis);
            fxCpu(phase);
        }
    }

    /**
     * Prints the marks so far (and forgets them) as one line, led by this JVM's start when {@code withStart}.
     */
    public static void print(String who, boolean withStart) {
        if (!ON) {
            return;
        }
        List<String> all = new ArrayList<>();
        if (withStart) {
            // The JVM's own record of its start (the kernel's start time of a process is only as exact as its boot time, 1 s).
            all.add("jvm=" + java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        }
        for (String m; (m = MARKS.poll()) != null; ) {
            all.add(m);
        }
        System.err.println("watchtray: window trace (" + who + "): " + all.stream().collect(Collectors.joining(" ")));
        List<String> cpu = new ArrayList<>();
        for (String m; (m = FX_CPU.poll()) != null; ) {
            cpu.add(m);
        }
        if (!cpu.isEmpty()) {
            // And the whole process's (every thread: class loading, the compiler, the collector).
            cpu.add("process=" + ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L));
            System.err.println("watchtray: window trace, FX thread CPU ms (" + who + "): " + String.join(" ", cpu));
            System.err.println("watchtray: window trace, busiest threads CPU ms (" + who + "): " + busiestThreads(8));
        }
    }
}
