package org.watchtray.nativeaccess.mounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.mounts.MountSource;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.core.source.EventLoop;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * Runs a {@link MountSource} on a real {@link EventLoop} inside whatever mount namespace it
 * was started in (the tests start it under {@code unshare -m --propagation private}) and runs
 * the shell commands it reads from stdin in that namespace, printing the events each one caused
 * as JSON lines on stdout.
 *
 * <pre>
 * args:  MECHANISMS BARRIER_DIR BURST_LIMIT BURST_WINDOW_MS
 * stdin: STEP &lt;bash command&gt;          run it, then mount a barrier tmpfs and wait for its event:
 *                                    everything before it belongs to this step
 *        UNTIL &lt;names&gt; &lt;bash&gt;        run it, then wait until events of each of the comma-separated
 *                                    names have come (bursts, changes found by a later look)
 *        IGNORE &lt;glob&gt;                 add a mount-point glob to the noise rules, live
 *        COALESCED &lt;event name&gt; &lt;bash&gt;  the same, with the backend thread held while bash runs,
 *                                    so all its changes arrive as one wakeup
 * stdout: {"type":"ready","state":…,"status":…}
 *         {"type":"event","step":N,"name":…,"severity":…,"summary":…,"details":{…}}
 *         {"type":"done","step":N,"exit":RC,"stderr":…}   or {"type":"timeout",…}
 * </pre>
 */
public final class MountScenarioMain {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_MILLIS = 10_000L * Integer.getInteger(PrivateMountNamespace.WAIT_SCALE, 1);

    private final BlockingQueue<List<Event>> batches = new LinkedBlockingQueue<>();
    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private final Path barriers;
    private int barrierCount;

    private MountScenarioMain(Path barriers) {
        this.barriers = barriers;
    }

    public static void main(String[] args) throws Exception {
        new MountScenarioMain(Path.of(args[1])).run(MountSource.Mechanisms.valueOf(args[0]),
                Integer.parseInt(args[2]), Duration.ofMillis(Long.parseLong(args[3])));
    }

    private void run(MountSource.Mechanisms mechanisms, int burstLimit, Duration burstWindow) throws Exception {
        NativeAccess bindings = NativeAccess.linux();
        Settings.Mounts settings = new Settings.Mounts(Settings.Mounts.DEFAULT.ignoreMountPoints(),
                Settings.Mounts.DEFAULT.ignoreFsTypes(), burstLimit, burstWindow);
        MountSource source = new MountSource(bindings.libc(), bindings.mountTables(), bindings.mountNotifications(), settings,
                mechanisms);
        try (EventLoop poller = new EventLoop(bindings.libc(), Clock.systemUTC(), batches::add)) {
            poller.add(source);
            poller.start();
            CountDownLatch started = new CountDownLatch(1);
            poller.execute(started::countDown);
            if (!started.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the source did not start within " + WAIT_MILLIS + " ms");
            }
            var status = poller.statuses().getFirst();
            print(Map.of("type", "ready", "state", status.state().name(), "status", status.describe()));
            batches.clear();

            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            int step = 0;
            for (String line; (line = in.readLine()) != null; ) {
                step++;
                if (line.startsWith("STEP ")) {
                    Shell.Result r = Shell.bash(line.substring(5));
                    Path barrier = nextBarrier();
                    Shell.Result b = Shell.bash("mount -t tmpfs wt-barrier " + Shell.quote(barrier.toString()));
                    if (b.exit() != 0) {
                        throw new IllegalStateException("barrier mount failed: " + b.stderr());
                    }
                    if (report(step, r, e -> e instanceof MountEvent m && m.mountPoint().equals(barrier.toString()), true)) {
                        settle(poller, source, step);
                        done(step, r);
                    }
                } else if (line.startsWith("UNTIL ")) {
                    String[] parts = line.split(" ", 3);
                    Shell.Result r = Shell.bash(parts[2]);
                    if (report(step, r, seenAll(parts[1]), false)) {
                        done(step, r);
                    }
                } else if (line.startsWith("COALESCED ")) {
                    String[] parts = line.split(" ", 3);
                    Shell.Result r = whileBackendHeld(poller, parts[2]);
                    if (report(step, r, seenAll(parts[1]), false)) {
                        done(step, r);
                    }
                } else if (line.startsWith("IGNORE ")) {
                    // The user adds a mount-point glob to the noise rules; applied live, as Backend.apply does.
                    Settings changed = SettingsBuilder.from(Settings.defaults()).mounts(new Settings.Mounts(
                            java.util.stream.Stream.concat(settings.ignoreMountPoints().stream(), java.util.stream.Stream.of(line.substring(7))).toList(),
                            settings.ignoreFsTypes(), settings.burstLimit(), settings.burstWindow())).build();
                    CountDownLatch applied = new CountDownLatch(1);
                    poller.execute(() -> {
                        source.reconfigure(changed);
                        applied.countDown();
                    });
                    applied.await();
                    Shell.Result none = new Shell.Result(0, "");
                    settle(poller, source, step);
                    done(step, none);
                } else {
                    throw new IllegalArgumentException("unknown command: " + line);
                }
            }
        }
    }

    /**
     * Waits until no verification is due and prints what it found as part of this step: a
     * change that coalesced with the barrier's wakeup is legitimately reported that way.
     */
    private void settle(EventLoop poller, MountSource source, int step) throws Exception {
        while (true) {
            java.util.concurrent.CompletableFuture<Boolean> pending = new java.util.concurrent.CompletableFuture<>();
            poller.execute(() -> pending.complete(source.verificationPending()));
            boolean due = pending.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            for (List<Event> batch; (batch = batches.poll()) != null; ) {
                for (Event e : batch) {
                    print(event(step, e));
                }
            }
            if (!due) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** True once events of every one of the comma-separated names have been seen. */
    private static Predicate<Event> seenAll(String names) {
        java.util.Set<String> missing = new java.util.HashSet<>(List.of(names.split(",")));
        return e -> {
            missing.remove(e.name());
            return missing.isEmpty();
        };
    }

    /** Runs bash while the backend thread is held, so all its changes reach the source as one wakeup. */
    static Shell.Result whileBackendHeld(EventLoop poller, String command) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        poller.execute(() -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        held.await();
        try {
            return Shell.bash(command);
        } finally {
            release.countDown();
        }
    }

    private Path nextBarrier() throws Exception {
        Path b = barriers.resolve("b" + (++barrierCount));
        Files.createDirectories(b);
        return b;
    }

    /** Prints the events of whole batches until one holds an event {@code last} accepts; false (and a timeout line) if none came. */
    private boolean report(int step, Shell.Result result, Predicate<Event> last, boolean dropLast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        boolean found = false;
        while (!found) {
            long left = deadline - System.nanoTime();
            List<Event> batch = left <= 0 ? null : batches.poll(left, TimeUnit.NANOSECONDS);
            if (batch == null) {
                print(Map.of("type", "timeout", "step", step, "exit", result.exit(), "stderr", result.stderr()));
                return false;
            }
            for (Event e : batch) {
                boolean isLast = last.test(e);
                found |= isLast;
                if (!(isLast && dropLast)) {
                    print(event(step, e));
                }
            }
        }
        return true;
    }

    private void done(int step, Shell.Result result) throws Exception {
        print(Map.of("type", "done", "step", step, "exit", result.exit(), "stderr", result.stderr()));
    }

    private static Map<String, Object> event(int step, Event e) {
        Map<String, Object> details = new LinkedHashMap<>();
        e.details().forEach((k, v) -> details.put(k, v instanceof Number || v instanceof Boolean ? v : v.toString()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "event");
        m.put("step", step);
        m.put("name", e.name());
        m.put("severity", e.severity().wireName());
        m.put("summary", EnglishSummary.of(e));
        m.put("details", details);
        return m;
    }

    private void print(Map<String, Object> line) throws Exception {
        out.println(JSON.writeValueAsString(line));
    }

    /** A bash command in this process's mount namespace. */
    static final class Shell {
        record Result(int exit, String stderr) {
        }

        static Result bash(String command) throws Exception {
            Process p = new ProcessBuilder("bash", "-c", command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), err);
        }

        /** A bash word for any string: $'…' with backslash, quote, newline and tab escaped. */
        static String quote(String s) {
            StringBuilder b = new StringBuilder("$'");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '\\' -> b.append("\\\\");
                    case '\'' -> b.append("\\'");
                    case '\n' -> b.append("\\n");
                    case '\t' -> b.append("\\t");
                    default -> b.append(c);
                }
            }
            return b.append('\'').toString();
        }
    }
}
