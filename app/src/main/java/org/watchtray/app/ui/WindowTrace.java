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

    private WindowTrace() {
    }

    public static boolean on() {
        return ON;
    }

    /** Notes that {@code phase} ended now. */
    public static void mark(String phase) {
        if (ON) {
            MARKS.add(phase + "=" + System.currentTimeMillis());
        }
    }

    /** Notes that {@code phase} took place at {@code epochMillis}. */
    public static void mark(String phase, long epochMillis) {
        if (ON) {
            MARKS.add(phase + "=" + epochMillis);
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
    }
}
