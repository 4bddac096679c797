package org.watchtray.app.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.watchtray.app.bench.BenchFx;
import org.watchtray.app.bench.TimelineRig;
import org.watchtray.app.testing.YearOfEvents;
import org.watchtray.core.settings.Grouping;
import org.watchtray.app.ui.timeline.TimeRange;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;

/**
 * Run by {@code bench/history} in two JVMs. {@code fill FILE N}: N events of a workstation's year
 * ({@link YearOfEvents}) through the history writer into FILE, against a bare batched insert of
 * the same rows in the same run. {@code ui FILE}: the timeline window over FILE (on the platform
 * the JVM was given: GTK on a display, as bench/history runs it, or Headless), timed from each action to the first screen that shows its result: opening,
 * scrolling to points across the history, a text search, a severity, a source and a time
 * filter, a grouping change; and the largest live heap. Prints every figure and a summary line.
 */
public final class HistoryBench {
    private HistoryBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "fill" -> fill(Path.of(args[1]), Integer.parseInt(args[2]));
            case "ui" -> ui(Path.of(args[1]));
            case "writer" -> writerOnly(Path.of(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("fill FILE N | writer FILE N | ui FILE");
        }
    }

    private static void fill(Path file, int n) throws Exception {
        List<Event> events = YearOfEvents.generate(n, Instant.now(), 11);
        Path dir = file.toAbsolutePath().getParent();
        double bare1 = HistoryFill.bare(dir.resolve("bare-1.db"), events);
        double writer = HistoryFill.writer(file, events);
        double bare2 = HistoryFill.bare(dir.resolve("bare-2.db"), events);
        double bare = (bare1 + bare2) / 2;
        Files.deleteIfExists(dir.resolve("bare-1.db"));
        Files.deleteIfExists(dir.resolve("bare-2.db"));
        System.out.printf("fill: %,d events; writer %,.0f events/s; bare insert %,.0f and %,.0f rows/s; ratio %.2f; file %,d KB%n",
                n, writer, bare1, bare2, writer / bare, Files.size(file) / 1024);
        System.out.printf("ingest: %.0f %.2f%n", writer, writer / bare);
    }

    /** A history of {@code n} events of a year written by the history writer only (bench/app-idle's window row). */
    private static void writerOnly(Path file, int n) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        double writer = HistoryFill.writer(file, YearOfEvents.generate(n, Instant.now(), 11));
        System.out.printf("writer: %,d events, %,.0f events/s, file %,d KB%n", n, writer, Files.size(file) / 1024);
    }

    private static void ui(Path file) throws Exception {
        BenchFx.start();
        try (BenchFx.LiveHeap heap = new BenchFx.LiveHeap(); TimelineRig rig = new TimelineRig(file)) {
            long a = System.nanoTime();
            rig.open(a);
            double open = BenchFx.awaitOnFx(a, rig::opened, 60_000);
            System.out.printf("open: newest rows on screen %.0f ms after the click%n", open);
            Thread.sleep(3000);   // the background count, to show where it ends
            rig.phases(open).forEach(p -> System.out.println("  open phase: " + p));
            Thread.sleep(500);

            // Each action is taken ROUNDS times (-Dhistory.rounds, 3), in the same order: one
            // sample each is at the mercy of a busy moment of two shared cores. Every sample is
            // printed; the summary takes each action's median, and the table below it the first
            // round (cold: the first search, the grouped table made at the first grouping) and the worst.
            int rounds = Integer.getInteger("history.rounds", 3);
            Samples samples = new Samples();
            int rows = rig.rowCount();
            for (int round = 1; round <= rounds; round++) {
                String r = rounds > 1 ? " [round " + round + "]" : "";
                for (double f : new double[] {0.5, 0.99, 0.1, 0.75, 0.3}) {
                    int index = (int) (f * (rows - 1));
                    double ms = act(() -> rig.scrollTo(index), () -> rig.showsRow(index));
                    System.out.printf("scroll to row %,d of %,d: %.0f ms%s%n", index, rows, ms, r);
                    samples.add(String.format("scroll to row %,d", index), "scroll", ms);
                }
                double search = act(rig, () -> rig.search("sdc2"), rig::screenReady);
                System.out.printf("search \"sdc2\": %.0f ms%s%n", search, r);
                samples.add("search \"sdc2\"", "search", search);
                Thread.sleep(1000);
                rig.phases(search).forEach(p -> System.out.println("  search phase: " + p));
                double literal = act(() -> rig.search("50%_\"*' OR 1=1 --"), rig::screenReady);
                System.out.printf("search with SQL/FTS syntax: %.0f ms%s%n", literal, r);
                samples.add("search with SQL/FTS syntax", "search", literal);
                act(() -> rig.search(""), rig::screenReady);
                double severity = act(() -> rig.severity(Severity.CRITICAL), rig::screenReady);
                System.out.printf("severity filter (critical): %.0f ms%s%n", severity, r);
                samples.add("severity filter (critical)", "severity", severity);
                act(() -> rig.severity(Severity.INFO), rig::screenReady);
                double source = act(() -> rig.sources(Set.of(SourceId.THINPOOL)), rig::screenReady);
                System.out.printf("source filter (thinpool): %.0f ms%s%n", source, r);
                samples.add("source filter (thinpool)", "source", source);
                act(() -> rig.sources(Set.of()), rig::screenReady);
                double time = act(() -> rig.timeRange(TimeRange.LAST_WEEK), rig::screenReady);
                System.out.printf("time filter (last 7 days): %.0f ms%s%n", time, r);
                samples.add("time filter (last 7 days)", "time", time);
                act(() -> rig.timeRange(TimeRange.ALL), rig::screenReady);
                for (Grouping g : new Grouping[] {Grouping.SOURCE, Grouping.DAY, Grouping.SUBJECT}) {
                    double ms = act(rig, () -> rig.grouping(g), rig::groupsShown);
                    System.out.printf("grouping change (%s): %.0f ms%s%n", g.wireName(), ms, r);
                    samples.add("grouping change (" + g.wireName() + ")", "grouping", ms);
                    rig.phases(ms).forEach(p -> System.out.println("  grouping phase: " + p));
                    act(() -> rig.grouping(Grouping.NONE), rig::screenReady);
                }
            }
            long heapMb = Math.max(heap.peakMb(), heap.afterGcMb());
            System.out.printf("heap: %d MB at most after a collection%n", heapMb);
            System.out.println("load: " + Files.readString(Path.of("/proc/loadavg")).strip());
            samples.table(rounds).forEach(System.out::println);
            System.out.printf("ui: open %.0f ms, scroll %.0f ms (worst), search %.0f ms, severity %.0f ms, source %.0f ms, time %.0f ms,"
                    + " grouping %.0f ms, heap %d MB%n", open, samples.summary("scroll"), samples.summary("search"), samples.summary("severity"),
                    samples.summary("source"), samples.summary("time"), samples.summary("grouping"), heapMb);
        } finally {
            javafx.application.Platform.exit();
        }
    }

    /** Each action's samples over the rounds, and the goal each counts towards. */
    private static final class Samples {
        private final java.util.Map<String, List<Double>> byAction = new java.util.LinkedHashMap<>();
        private final java.util.Map<String, String> goal = new java.util.HashMap<>();

        void add(String action, String goalName, double ms) {
            byAction.computeIfAbsent(action, k -> new java.util.ArrayList<>()).add(ms);
            goal.put(action, goalName);
        }

        private static double median(List<Double> ms) {
            List<Double> sorted = ms.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        /** The goal's figure: the largest median of its actions (the worst scroll position, the slower search). */
        double summary(String goalName) {
            return byAction.entrySet().stream().filter(e -> goal.get(e.getKey()).equals(goalName))
                    .mapToDouble(e -> median(e.getValue())).max().orElse(Double.NaN);
        }

        List<String> table(int rounds) {
            List<String> out = new java.util.ArrayList<>();
            out.add(String.format("each action over %d round(s): median, first round, worst (ms)", rounds));
            byAction.forEach((action, ms) -> out.add(String.format("  %-36s %6.0f %6.0f %6.0f", action, median(ms), ms.getFirst(),
                    ms.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN))));
            return out;
        }
    }

    /** Runs {@code action} on the FX thread and waits for the first frame where {@code shown} holds; in ms. */
    private static double act(Runnable action, BooleanSupplier shown) throws InterruptedException {
        long a = System.nanoTime();
        BenchFx.run(action);
        return BenchFx.awaitOnFx(a, shown, 60_000);
    }

    /** As {@link #act(Runnable, BooleanSupplier)}, with the rig's phases timed from the command. */
    private static double act(TimelineRig rig, Runnable action, BooleanSupplier shown) throws InterruptedException {
        long a = System.nanoTime();
        rig.mark(a);
        BenchFx.run(action);
        double command = (System.nanoTime() - a) / 1e6;
        double ms = BenchFx.awaitOnFx(a, shown, 60_000);
        System.out.printf("  phase: command on the FX thread (queue wait included) %.1f ms%n", command);
        return ms;
    }
}
