package org.watchtray.nativeaccess.outbound;

import org.watchtray.nativeaccess.NativeAccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.export.EventDocument;
import org.watchtray.core.hooks.HookRun;
import org.watchtray.core.hooks.HookRunner;
import org.watchtray.core.hooks.HookSpec;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.nativeaccess.testing.MutableClock;

/**
 * Hooks run for real: shell scripts written by the test record what they get (environment,
 * stdin, process group); the runner's kill(2)-based process-group stop is the real one.
 */
class HookRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private Path dir;
    private final BlockingQueue<HookRun> runs = new LinkedBlockingQueue<>();
    private final List<Event> reports = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(T0);
    private HookRunner runner;


    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("wt-hooks");
        runner = new HookRunner(NativeAccess.linux().processGroups(), new HookRunner.Options(HookRunner.Options.SETSID,
                HookRunner.Options.REDUCED_ENVIRONMENT, dir, Duration.ofMillis(500), HookRunnerTest::json), clock, reports::add, runs::add);
    }

    @AfterEach
    void tearDown() throws IOException {
        runner.close();
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static byte[] json(Event e) {
        try {
            return JSON.writeValueAsBytes(EventDocument.of(e));
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static HookSpec hook(String name, Path program, List<String> events, Duration timeout, int maxRuns, int maxConcurrent,
                                 String... args) {
        List<String> argv = new ArrayList<>(List.of(program.toString()));
        argv.addAll(List.of(args));
        return new HookSpec(name, argv, events, Set.of(), Severity.INFO, timeout, maxRuns, Duration.ofMinutes(1), maxConcurrent, true);
    }

    private HookRun nextRun() throws InterruptedException {
        HookRun r = runs.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no hook run ended within " + WAIT + "; reports: " + reports);
        }
        return r;
    }

    private List<SourceStatus> statuses() {
        return reports.stream().filter(e -> e instanceof SourceStatusEvent).map(e -> ((SourceStatusEvent) e).status()).toList();
    }

    /** NUL-separated {@code env -0} output. */
    private static Map<String, String> parseEnv(byte[] bytes) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : new String(bytes, StandardCharsets.UTF_8).split("\0")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return env;
    }

    private static KeyEvent hostileKey(String description) {
        return new KeyEvent(T0, KeyEvent.Change.EXPIRES_SOON, 42, "user", description, 0, T0.plusSeconds(300), KeyEvent.Origin.DEADLINE, null);
    }

    @Test
    void theEventArrivesAsEnvironmentAndJsonUnchangedAndUninterpreted() throws Exception {
        Path pwned = dir.resolve("pwned");
        String hostile = "line1\nline2 $(touch " + pwned + ") `touch " + pwned + "` 'single' \"double\" ; touch " + pwned
                + " \\ $HOME \u00e9\u001b[31m";
        Path record = script("record", """
                env -0 > "$1/env"
                cat > "$1/stdin"
                read -r stat < /proc/$$/stat
                printf '%s' "$$ ${stat##*) }" > "$1/stat"
                """);
        runner.setHooks(List.of(hook("record", record, List.of("keys.*"), Duration.ofSeconds(20), 10, 1, dir.toString())));
        Event e = hostileKey(hostile);
        runner.accept(List.of(e));
        HookRun run = nextRun();
        assertTrue(run.succeeded(), run.toString());

        Map<String, String> env = parseEnv(Files.readAllBytes(dir.resolve("env")));
        assertEquals(hostile, env.get("WATCHTRAY_DESCRIPTION"), "byte for byte, newline and shell syntax included");
        assertEquals("keys.expires_soon", env.get("WATCHTRAY_EVENT"));
        assertEquals("keys", env.get("WATCHTRAY_SOURCE"));
        assertEquals("warning", env.get("WATCHTRAY_SEVERITY"));
        assertEquals("42", env.get("WATCHTRAY_SUBJECT"));
        assertEquals("record", env.get("WATCHTRAY_HOOK"));
        assertEquals(EnglishSummary.of(e), env.get("WATCHTRAY_SUMMARY"));
        assertEquals("2026-03-01T10:00:00Z", env.get("WATCHTRAY_TIME"));
        assertEquals("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", env.get("PATH"));
        Set<String> inherited = Set.of("PATH", "LANG", "PWD", "OLDPWD", "SHLVL", "_");
        for (String name : env.keySet()) {
            assertTrue(name.startsWith("WATCHTRAY_") || inherited.contains(name), "reduced environment, yet " + name + " is set");
        }
        assertFalse(env.containsKey("HOME"), "nothing inherited from the JVM's environment");

        JsonNode stdin = JSON.readTree(Files.readAllBytes(dir.resolve("stdin")));
        assertEquals(hostile, stdin.path("details").path("description").asText());
        assertEquals("keys.expires_soon", stdin.path("event").asText());
        assertEquals("2026-03-01T10:05:00Z", stdin.path("details").path("expiry").asText());

        String[] stat = Files.readString(dir.resolve("stat")).split(" ");
        // stat after "comm)": state ppid pgrp session …; setsid made the hook lead its own group and session.
        assertEquals(stat[0], stat[3], "process group id is the hook's pid");
        assertEquals(stat[0], stat[4], "session id is the hook's pid");
        assertFalse(Files.exists(pwned), "nothing from the event was interpreted by a shell");
    }

    @Test
    void aHookThatNeverExitsIsKilledAtItsTimeoutWithItsProcessGroup() throws Exception {
        Path stubborn = script("stubborn", """
                trap '' TERM
                sleep 600 &
                echo $! > "$1/child"
                echo $$ > "$1/leader"
                echo "still going" >&2
                while :; do sleep 1; done
                """);
        runner.setHooks(List.of(hook("stubborn", stubborn, List.of("thinpool.*"), Duration.ofSeconds(1), 10, 1, dir.toString())));
        runner.accept(List.of(pool(91)));
        HookRun run = nextRun();
        assertTrue(run.timedOut(), run.toString());
        assertEquals(128 + 9, run.exitStatus(), "SIGTERM was ignored, SIGKILL ended it");
        for (String who : List.of("leader", "child")) {
            long pid = Long.parseLong(Files.readString(dir.resolve(who)).strip());
            assertTrue(deadSoon(pid), who + " " + pid + " is gone");
        }
        SourceStatus report = statuses().getLast();
        assertEquals(SourceStatus.State.DEGRADED, report.state());
        assertEquals("hook 'stubborn' (" + stubborn + ")", report.mechanism());
        assertTrue(report.reason().startsWith("ran longer than its timeout on thinpool.data_threshold \u201cvg0-pool-tpool\u201d"), report.reason());
        assertTrue(report.reason().endsWith("stderr: still going"), report.reason());
    }

    @Test
    void aFailingHookReportsItsExitStatusAndTheFirstLineOfItsStderr() throws Exception {
        Path failing = script("failing", """
                printf 'lvextend: Insufficient free space: 256 extents needed\\n' >&2
                head -c 5000 /dev/zero | tr '\\0' x >&2
                exit 5
                """);
        runner.setHooks(List.of(hook("extend", failing, List.of("thinpool.data_threshold"), Duration.ofSeconds(20), 10, 1)));
        runner.accept(List.of(pool(91)));
        HookRun run = nextRun();
        assertEquals(5, run.exitStatus());
        SourceStatus report = statuses().getLast();
        assertTrue(report.reason().startsWith("exited with status 5 on thinpool.data_threshold"), report.reason());
        assertTrue(report.reason().endsWith("; stderr: lvextend: Insufficient free space: 256 extents needed"), report.reason());
    }

    /**
     * A hook's stderr is whatever it wrote: markup, a terminal escape that would recolour or clear
     * a screen, a right-to-left override that would reorder the line, a carriage return, a very
     * long line, more lines. The report keeps one line of it, at most 200 characters, with every
     * control character escaped; markup stays text (each surface shows it literally).
     */
    @Test
    void aHostileStderrIsReportedAsOneSafeLine() throws Exception {
        Path hostile = script("hostile", """
                printf '<b>bold</b> &amp; \\033[2J\\033[31mred\\r\\342\\200\\256evil ' >&2
                head -c 3000 /dev/zero | tr '\\0' y >&2
                printf '\\nsecond line\\n' >&2
                kill -TERM $$
                """);
        runner.setHooks(List.of(hook("hostile", hostile, List.of("thinpool.data_threshold"), Duration.ofSeconds(20), 10, 1)));
        runner.accept(List.of(pool(91)));
        HookRun run = nextRun();
        assertEquals(128 + 15, run.exitStatus(), run.toString());
        SourceStatus report = statuses().getLast();
        String reason = report.reason();
        assertTrue(reason.startsWith("was killed by SIGTERM (status 143) on thinpool.data_threshold"), reason);
        String line = reason.substring(reason.indexOf("; stderr: ") + "; stderr: ".length());
        assertTrue(line.startsWith("<b>bold</b> &amp; \\x1b[2J\\x1b[31mred\\r\\u202eevil yyy"), line);
        assertTrue(line.endsWith("y\u2026"), "cut, and says so: " + line);
        assertEquals(201, line.length(), line);
        assertFalse(reason.contains("second line"), reason);
        assertTrue(reason.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == 0x202e), "no control character: " + reason);
    }

    @Test
    void aFloodOfEventsIsRateLimitedAndTheSkippedRunsAreCounted() throws Exception {
        Path counter = script("count", "echo \"$WATCHTRAY_SUBJECT\" >> \"$1/runs\"\n");
        runner.setHooks(List.of(hook("count", counter, List.of("thinpool.*"), Duration.ofSeconds(20), 3, 3, dir.toString())));
        for (int i = 0; i < 50; i++) {
            runner.accept(List.of(pool(80 + i % 20)));
        }
        for (int i = 0; i < 3; i++) {
            assertTrue(nextRun().succeeded());
        }
        assertEquals(3, Files.readAllLines(dir.resolve("runs")).size());
        List<SourceStatus> degraded = statuses().stream().filter(s -> s.state() == SourceStatus.State.DEGRADED).toList();
        assertEquals(1, degraded.size(), "one report for 47 skipped runs: " + reports);
        assertTrue(degraded.getFirst().reason().contains("rate limit of 3 runs per 1m reached"), degraded.getFirst().reason());

        clock.set(T0.plus(Duration.ofMinutes(1)));
        runner.accept(List.of(pool(99)));
        assertTrue(nextRun().succeeded());
        LossEvent skipped = reports.stream().filter(e -> e instanceof LossEvent).map(e -> (LossEvent) e).findFirst().orElseThrow();
        assertEquals(47, skipped.lost());
        assertEquals("47 hook runs were skipped (hook 'count': rate limit of 3 runs per 1m reached (max_runs, per))", EnglishSummary.of(skipped));
        assertEquals(4, Files.readAllLines(dir.resolve("runs")).size());
    }

    @Test
    void aRunBeyondTheConcurrencyLimitWaitsForTheOneBeforeAndTooManyWaitingAreSkipped() throws Exception {
        Path slow = script("slow", """
                mkdir "$1/busy" 2>/dev/null || { echo overlap >> "$1/log"; exit 1; }
                echo "start $WATCHTRAY_DATA_PERCENT" >> "$1/log"
                while [ ! -e "$1/go" ]; do sleep 0.05; done
                echo "end $WATCHTRAY_DATA_PERCENT" >> "$1/log"
                rmdir "$1/busy"
                """);
        runner.setHooks(List.of(hook("slow", slow, List.of("*"), Duration.ofSeconds(20), 100, 1, dir.toString())));
        for (int i = 0; i <= HookRunner.MAX_WAITING + 1; i++) {
            runner.accept(List.of(pool(i)));   // one runs, sixteen wait, the last is skipped
        }
        SourceStatus skipped = statuses().getLast();
        assertTrue(skipped.reason().contains("already running 1 at once (max_concurrent) with 16 more waiting"), skipped.reason());
        Files.createFile(dir.resolve("go"));
        for (int i = 0; i <= HookRunner.MAX_WAITING; i++) {
            assertTrue(nextRun().succeeded());
        }
        List<String> log = Files.readAllLines(dir.resolve("log"));
        assertEquals(2 * (HookRunner.MAX_WAITING + 1), log.size(), log.toString());
        assertEquals(List.of("start 0.0", "end 0.0", "start 1.0", "end 1.0"), log.subList(0, 4), "one after the other, in order");
        assertTrue(log.stream().noneMatch(l -> l.equals("overlap")), log.toString());
    }

    @Test
    void aMissingProgramIsReportedAndNeverRun() throws Exception {
        Path missing = dir.resolve("not-there");
        runner.setHooks(List.of(hook("ghost", missing, List.of("*"), Duration.ofSeconds(20), 10, 1)));
        SourceStatus st = statuses().getLast();
        assertEquals(SourceStatus.State.DEGRADED, st.state());
        assertEquals("hook 'ghost': " + missing + " does not exist", st.reason());
        Path vanishing = script("vanishing", "exit 0\n");
        runner.setHooks(List.of(hook("ghost", missing, List.of("*"), Duration.ofSeconds(20), 10, 1),
                hook("vanishing", vanishing, List.of("*"), Duration.ofSeconds(20), 10, 1)));
        Files.delete(vanishing);
        runner.accept(List.of(pool(91)));
        HookRun run = nextRun();
        assertEquals("vanishing", run.hook(), "the hook with the missing program did not run");
        assertEquals("hook 'vanishing': " + vanishing + " does not exist", run.startFailure());
        assertTrue(statuses().getLast().reason().startsWith("could not start on thinpool.data_threshold"), statuses().getLast().reason());
    }

    @Test
    void theHooksStatusIsReportedWhenItChangesAndNotForNoHooks() throws Exception {
        runner.setHooks(List.of());
        assertEquals(List.of(), reports, "no hooks: nothing to say");
        Path flaky = script("flaky", "[ -e \"$1/fail\" ] && { echo broken >&2; exit 3; }\nexit 0\n");
        HookSpec spec = hook("flaky", flaky, List.of("*"), Duration.ofSeconds(20), 100, 1, dir.toString());
        runner.setHooks(List.of(spec));
        runner.setHooks(List.of(spec));
        assertEquals(List.of(SourceStatus.active(SourceId.HOOKS, "1 hook: flaky")), statuses(), "once, not twice");
        Files.createFile(dir.resolve("fail"));
        runner.accept(List.of(pool(91)));
        assertEquals(3, nextRun().exitStatus());
        Files.delete(dir.resolve("fail"));
        runner.accept(List.of(pool(92)));
        assertTrue(nextRun().succeeded());
        assertEquals(List.of(SourceStatus.State.ACTIVE, SourceStatus.State.DEGRADED, SourceStatus.State.ACTIVE),
                statuses().stream().map(SourceStatus::state).toList(), "working again after the failure: " + reports);
    }

    @Test
    void hooksDoNotRunOnTheirOwnReports() throws Exception {
        Path counter = script("count", "echo x >> \"$1/runs\"\nexit 1\n");
        runner.setHooks(List.of(hook("all", counter, List.of("*"), Duration.ofSeconds(20), 10, 1, dir.toString())));
        runner.accept(List.of(pool(91)));
        nextRun();
        runner.accept(List.copyOf(reports)); // the failure report comes back through the hub
        runner.accept(List.of(pool(95)));    // barrier: a run that must happen after any the reports caused
        nextRun();
        assertEquals(2, Files.readAllLines(dir.resolve("runs")).size());
    }

    /**
     * Whether a process is gone or a zombie within a second (SIGKILL is delivered asynchronously;
     * an orphan's zombie stays until init reaps it, and this container's PID 1 may never do so).
     */
    private static boolean deadSoon(long pid) throws InterruptedException, IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        for (int i = 0; i < 100; i++) {
            try {
                String s = Files.readString(stat);
                if (s.substring(s.lastIndexOf(')') + 2).startsWith("Z")) {
                    return true;
                }
            } catch (java.nio.file.NoSuchFileException gone) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    private static ThinPoolEvent pool(double percent) {
        return new ThinPoolEvent(T0, ThinPoolEvent.Change.DATA_THRESHOLD, null, "vg0-pool-tpool", "vg0/pool", percent, 10, 90, null, "rw");
    }
}
