package org.watchtray.app.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A process's wakeups as the kernel counts them: voluntary and involuntary context switches of
 * each of its threads ({@code /proc/PID/task/TID/status}), as {@code bench/app-idle} counts them.
 * A thread that started between two samples counts from zero.
 */
public record Wakeups(Map<String, Long> byThread) {
    /** The counts of every thread of {@code pid} now, keyed "TID name". */
    public static Wakeups of(long pid) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    long switches = Files.readAllLines(task.resolve("status")).stream()
                            .filter(l -> l.startsWith("voluntary_ctxt_switches:") || l.startsWith("nonvoluntary_ctxt_switches:"))
                            .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip())).sum();
                    counts.put(task.getFileName() + " " + name, switches);
                } catch (IOException | RuntimeException goneMeanwhile) {
                    // the thread ended between the listing and the read: it no longer wakes
                }
            }
        }
        return new Wakeups(counts);
    }

    /** What each thread did since {@code before}. */
    public Wakeups since(Wakeups before) {
        Map<String, Long> d = new HashMap<>();
        byThread.forEach((t, n) -> d.put(t, n - before.byThread.getOrDefault(t, 0L)));
        return new Wakeups(d);
    }

    public long total() {
        return byThread.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The busiest threads, "name count, …". */
    public String busiest(int n) {
        return byThread.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(n)
                .map(e -> e.getKey().substring(e.getKey().indexOf(' ') + 1) + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
