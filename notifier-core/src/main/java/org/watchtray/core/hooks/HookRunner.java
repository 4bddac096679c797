package org.watchtray.core.hooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.event.Text;
import org.watchtray.core.export.EventFields;
import org.watchtray.core.pipeline.EventSink;
import org.watchtray.core.settings.DurationText;
import org.watchtray.core.source.SourceStatus;

/**
 * Runs hooks on the events they match, as a hub subscriber. {@link #accept} only decides (rate
 * and concurrency limits, in memory) and hands each run to a virtual thread: the backend thread
 * never waits for a hook.
 *
 * <p>A run is {@code setsid} (util-linux, not a shell) followed by the hook's argv, so the hook
 * leads a new session and process group whose id is its pid: at its timeout the whole group gets
 * SIGTERM, then, after a grace period, SIGKILL, so children it forked go too (Java's
 * ProcessBuilder cannot make a process group itself). The environment is {@code environment}
 * (the desktop's own for user hooks, a reduced fixed one for agent hooks) with any inherited
 * {@code WATCHTRAY_*} removed, plus the event's {@link EventFields}, {@code WATCHTRAY_SUMMARY},
 * {@code WATCHTRAY_TIME} and {@code WATCHTRAY_HOOK}; stdin carries the event as JSON; stdout is
 * discarded; the first line of stderr is kept for the report.
 *
 * <p>Limits per hook: at most {@code max_runs} runs start within any {@code per} (more are
 * skipped); at most {@code max_concurrent} run at once, and a run beyond that waits for a free
 * slot, up to {@link #MAX_WAITING} of them (more are skipped).
 *
 * <p>Failures (non-zero exit, timeout, a program that cannot start) and skipped runs are reported
 * through {@code reports} as {@code hooks} source statuses, and runs skipped by a limit as a
 * {@link LossEvent} once the hook runs again. Hooks never run on these reports themselves.
 */
public final class HookRunner implements EventSink, AutoCloseable {
    /** How much of the first line of a hook's stderr is kept for its failure report, in bytes. */
    static final int STDERR_LINE = 600;
    /** How much of it the report shows, in characters once made visible: one line in a timeline row or a status line. */
    static final int REPORT_LINE = 200;
    /** Runs that may wait for a free slot of a hook at its concurrency limit; beyond this they are skipped. */
    public static final int MAX_WAITING = 16;

    /**
     * @param setsid      util-linux setsid, or null to run hooks directly (then a timeout kills only the hook's descendants)
     * @param environment the base environment of every run
     * @param directory   the working directory of every run
     * @param killGrace   how long SIGTERM has before SIGKILL
     * @param json        the event as the JSON a hook reads on stdin ({@code EventDocument} through a JSON library)
     */
    public record Options(Path setsid, Map<String, String> environment, Path directory, Duration killGrace,
                          Function<Event, byte[]> json) {
        public static final Path SETSID = Path.of("/usr/bin/setsid");
        /** What an agent hook gets: no inherited variables, a fixed PATH, a UTF-8 locale. */
        public static final Map<String, String> REDUCED_ENVIRONMENT = Map.of(
                "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG", "C.UTF-8");

        public Options {
            environment = Map.copyOf(environment);
            Objects.requireNonNull(directory);
            Objects.requireNonNull(killGrace);
            Objects.requireNonNull(json);
        }
    }

    private final ProcessGroups groups;
    private final Options options;
    private final Clock clock;
    private final Consumer<Event> reports;
    private final Consumer<HookRun> finished;
    private final Map<String, HookState> hooks = new LinkedHashMap<>();
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private boolean closed;
    /** The hooks' status as last reported; null before the first report. */
    private SourceStatus reported;

    private static final class HookState {
        HookSpec spec;
        Optional<String> problem;
        final ArrayDeque<Instant> starts = new ArrayDeque<>();
        final ArrayDeque<Event> waiting = new ArrayDeque<>();
        int running;
        long skipped;
        String skipReason = "";

        HookState(HookSpec spec) {
            this.spec = spec;
            this.problem = HookCheck.problem(spec);
        }
    }

    /**
     * @param reports  where failure and skip reports go (the hub); called on run threads and the caller's
     * @param finished told about every run when it ends (tests, counters)
     */
    public HookRunner(ProcessGroups groups, Options options, Clock clock, Consumer<Event> reports, Consumer<HookRun> finished) {
        this.groups = Objects.requireNonNull(groups);
        this.options = Objects.requireNonNull(options);
        this.clock = Objects.requireNonNull(clock);
        this.reports = Objects.requireNonNull(reports);
        this.finished = Objects.requireNonNull(finished);
    }

    /**
     * Replaces the hooks (start-up, a settings change). A hook that keeps its name keeps its rate
     * and concurrency bookkeeping. Reports the hooks' status: what runs, and which cannot and why.
     */
    public void setHooks(List<HookSpec> specs) {
        List<Event> out = new ArrayList<>();
        synchronized (this) {
            Map<String, HookState> next = new LinkedHashMap<>();
            for (HookSpec spec : specs) {
                HookState s = hooks.get(spec.name());
                if (s == null) {
                    s = new HookState(spec);
                } else {
                    s.spec = spec;
                    s.problem = HookCheck.problem(spec);
                }
                next.put(spec.name(), s);
            }
            hooks.clear();
            hooks.putAll(next);
            SourceStatus now = overall();
            // Nothing to say about no hooks at all; otherwise say what changed.
            boolean silent = reported == null && now.state() == SourceStatus.State.DISABLED;
            if (!silent && !now.equals(reported)) {
                out.add(report(now));
            }
        }
        out.forEach(reports);
    }

    /** The hooks' status now: which run, which cannot. Under the lock. */
    private SourceStatus overall() {
        Map<HookSpec, Optional<String>> checked = new LinkedHashMap<>();
        hooks.values().forEach(s -> checked.put(s.spec, s.problem));
        return status(checked);
    }

    /**
     * The status of these hooks as a runner would report it once they are set, each checked now
     * ({@link HookCheck}): for {@code watchtray status}, which runs no hook.
     */
    public static SourceStatus statusOf(List<HookSpec> specs) {
        Map<HookSpec, Optional<String>> checked = new LinkedHashMap<>();
        specs.forEach(h -> checked.put(h, HookCheck.problem(h)));
        return status(checked);
    }

    /** Which hooks run and which cannot (and why), from each hook's problem, if any. */
    private static SourceStatus status(Map<HookSpec, Optional<String>> checked) {
        List<String> usable = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        checked.forEach((spec, problem) -> {
            if (spec.enabled()) {
                problem.ifPresentOrElse(problems::add, () -> usable.add(spec.name()));
            }
        });
        String mechanism = usable.isEmpty() ? "no hooks" : usable.size() + (usable.size() == 1 ? " hook: " : " hooks: ") + String.join(", ", usable);
        SourceStatus st;
        if (problems.isEmpty()) {
            st = usable.isEmpty() ? new SourceStatus(SourceId.HOOKS, SourceStatus.State.DISABLED, "no hooks", "")
                    : SourceStatus.active(SourceId.HOOKS, mechanism);
        } else {
            st = SourceStatus.degraded(SourceId.HOOKS, mechanism, String.join("; ", problems));
        }
        return st;
    }

    /** A status report, remembered as the last one. Under the lock. */
    private SourceStatusEvent report(SourceStatus s) {
        reported = s;
        return new SourceStatusEvent(clock.instant(), s);
    }

    /** A report of the hooks themselves (their status or skipped runs): no hook runs on these. */
    static boolean isHookReport(Event e) {
        return e.name().startsWith("meta.") && SourceId.HOOKS.wireName().equals(e.subject());
    }

    @Override
    public void accept(List<Event> batch) {
        List<Event> out = new ArrayList<>();
        List<Runnable> launches = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            Instant now = clock.instant();
            for (Event e : batch) {
                if (isHookReport(e)) {
                    continue;
                }
                for (HookState s : hooks.values()) {
                    if (s.problem.isEmpty() && s.spec.matches(e) && admit(s, e, now, out)) {
                        launches.add(launch(s, e));
                    }
                }
            }
        }
        out.forEach(reports);
        launches.forEach(Runnable::run);
    }

    private Runnable launch(HookState s, Event e) {
        HookSpec spec = s.spec;
        return () -> Thread.ofVirtual().name("watchtray-hook").start(() -> run(s, spec, e));
    }

    /**
     * Applies the limits: true when the run may start now (and is counted as running); a run
     * within the rate limit that finds the hook at its concurrency limit waits for a free slot,
     * up to {@link #MAX_WAITING}. Under the lock.
     */
    private boolean admit(HookState s, Event e, Instant now, List<Event> out) {
        HookSpec h = s.spec;
        while (!s.starts.isEmpty() && !s.starts.peekFirst().isAfter(now.minus(h.per()))) {
            s.starts.pollFirst();
        }
        String why = null;
        if (s.starts.size() >= h.maxRuns()) {
            why = "rate limit of " + h.maxRuns() + " runs per " + DurationText.format(h.per()) + " reached (max_runs, per)";
        } else if (s.running >= h.maxConcurrent() && s.waiting.size() >= MAX_WAITING) {
            why = "already running " + s.running + " at once (max_concurrent) with " + MAX_WAITING + " more waiting";
        }
        if (why != null) {
            if (s.skipped++ == 0) {
                s.skipReason = why;
                out.add(report(SourceStatus.degraded(SourceId.HOOKS, "hook " + h.label(),
                        "runs are skipped and counted: " + why + "; first skipped: " + e.name() + " " + Text.quote(e.subject()))));
            }
            return false;
        }
        if (s.skipped > 0) {
            out.add(new LossEvent(now, SourceId.HOOKS, s.skipped, "hook '" + h.name() + "': " + s.skipReason));
            s.skipped = 0;
        }
        s.starts.addLast(now);
        if (s.running >= h.maxConcurrent()) {
            s.waiting.addLast(e);
            return false;
        }
        s.running++;
        return true;
    }

    private void run(HookState state, HookSpec spec, Event e) {
        HookRun result;
        try {
            result = execute(spec, e);
        } finally {
            Runnable next = null;
            synchronized (this) {
                state.running--;
                if (!state.waiting.isEmpty() && !closed) {
                    state.running++;
                    next = launch(state, state.waiting.pollFirst());
                }
            }
            if (next != null) {
                next.run();
            }
        }
        List<Event> out = new ArrayList<>();
        synchronized (this) {
            if (!result.succeeded()) {
                out.add(report(SourceStatus.degraded(SourceId.HOOKS, "hook " + spec.label(), describeFailure(result))));
            } else if (reported != null && reported.state() == SourceStatus.State.DEGRADED
                    && hooks.values().stream().noneMatch(h -> h.skipped > 0)) {
                SourceStatus now = overall();
                if (now.state() == SourceStatus.State.ACTIVE) {
                    out.add(report(now)); // working again: the Sources view stops showing the last failure
                }
            }
        }
        out.forEach(reports);
        finished.accept(result); // after the reports, so whoever waits for the run sees them
    }

    /**
     * What went wrong, in one line: how the run ended (exit status, the signal that killed it, the
     * timeout, why it could not start), what it ran on, and the first line of its stderr made safe
     * to show: control characters escaped ({@link Text#visible}, so no terminal escape, newline or
     * bidirectional override reaches a screen), at most {@link #REPORT_LINE} characters. Markup
     * stays text; each surface shows it literally (the toasts escape it for the server).
     */
    static String describeFailure(HookRun r) {
        String on = " on " + r.event() + " " + Text.quote(r.subject());
        String what;
        if (!r.startFailure().isEmpty()) {
            what = "could not start" + on + ": " + r.startFailure();
        } else if (r.timedOut()) {
            what = "ran longer than its timeout" + on + " and was stopped with its process group (SIGTERM, then SIGKILL)";
        } else if (r.exitStatus() > 128 && r.exitStatus() <= 128 + 64) {
            // Java (and a shell) report a process killed by signal n as 128 + n.
            what = "was killed by " + signalName(r.exitStatus() - 128) + " (status " + r.exitStatus() + ")" + on + " after "
                    + DurationText.format(r.took());
        } else {
            what = "exited with status " + r.exitStatus() + on + " after " + DurationText.format(r.took());
        }
        String line = Text.visible(r.stderrFirstLine().strip());
        if (line.length() > REPORT_LINE) {
            line = line.substring(0, Character.isHighSurrogate(line.charAt(REPORT_LINE - 1)) ? REPORT_LINE - 1 : REPORT_LINE) + "\u2026";
        }
        return line.isEmpty() ? what : what + "; stderr: " + line;
    }

    /** "SIGTERM", or "signal 40" for one without a common name. */
    static String signalName(int n) {
        return switch (n) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 4 -> "SIGILL";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 13 -> "SIGPIPE";
            case 14 -> "SIGALRM";
            case 15 -> "SIGTERM";
            default -> "signal " + n;
        };
    }

    private HookRun execute(HookSpec spec, Event e) {
        long t0 = System.nanoTime();
        Optional<String> problem = HookCheck.problem(spec); // the program may have gone since the settings were read
        if (problem.isPresent()) {
            return new HookRun(spec.name(), e.name(), e.subject(), -1, false, problem.get(), "", since(t0));
        }
        List<String> argv = new ArrayList<>();
        boolean ownGroup = options.setsid() != null && Files.isExecutable(options.setsid());
        if (ownGroup) {
            argv.add(options.setsid().toString());
            argv.add("--wait");
        }
        argv.addAll(spec.command());
        ProcessBuilder pb = new ProcessBuilder(argv).directory(options.directory().toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.clear();
        options.environment().forEach((k, v) -> {
            if (!k.startsWith(EventFields.PREFIX)) {
                env.put(k, v);
            }
        });
        environment(spec, e).forEach(env::put);
        Process p;
        try {
            p = pb.start();
        } catch (IOException | RuntimeException x) {
            return new HookRun(spec.name(), e.name(), e.subject(), -1, false, String.valueOf(x.getMessage()), "", since(t0));
        }
        running.add(p);
        try {
            byte[] json = options.json().apply(e);
            Thread.ofVirtual().name("watchtray-hook-stdin").start(() -> {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(json);
                } catch (IOException ignored) {
                    // The hook need not read its stdin: a closed pipe is its choice.
                }
            });
            FirstLine stderr = new FirstLine(p.getErrorStream());
            Thread reader = Thread.ofVirtual().name("watchtray-hook-stderr").start(stderr);
            boolean timedOut = !p.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (timedOut) {
                stop(p, ownGroup);
            }
            int status = p.waitFor();
            reader.join(Duration.ofSeconds(2)); // a child that left the group may hold the pipe: do not wait for it
            return new HookRun(spec.name(), e.name(), e.subject(), status, timedOut, "", stderr.text(), since(t0));
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            stop(p, ownGroup);
            return new HookRun(spec.name(), e.name(), e.subject(), -1, true, "", "", since(t0));
        } finally {
            running.remove(p);
        }
    }

    /** SIGTERM to the hook's process group, SIGKILL after the grace period (or at once when the leader left early). */
    private void stop(Process p, boolean ownGroup) {
        if (ownGroup) {
            try {
                boolean signalled = groups.signal(p.pid(), ProcessGroups.Signal.TERM);
                if (signalled) {
                    p.waitFor(options.killGrace().toMillis(), TimeUnit.MILLISECONDS);
                    groups.signal(p.pid(), ProcessGroups.Signal.KILL);
                    return;
                }
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            } catch (IllegalStateException x) {
                // Not our group after all (EPERM): fall back to the descendants we can see.
            }
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** The hook's WATCHTRAY_* variables; NUL, which no environment can hold, becomes the text \x00. */
    static Map<String, String> environment(HookSpec spec, Event e) {
        Map<String, String> env = new LinkedHashMap<>(EventFields.of(e));
        env.put(EventFields.SUMMARY, EnglishSummary.of(e));
        env.put(EventFields.TIME, e.time().toString());
        env.put(EventFields.HOOK, spec.name());
        env.replaceAll((k, v) -> v.replace("\0", "\\x00"));
        return env;
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * Keeps the first line of a stream, at most {@value #STDERR_LINE} bytes of it, and reads the
     * rest away so that a hook writing much to stderr never blocks on a full pipe.
     */
    private static final class FirstLine implements Runnable {
        private final InputStream in;
        private final byte[] line = new byte[STDERR_LINE];
        private int length;
        private boolean complete;

        FirstLine(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[4096];
            try (in) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (this) {
                        for (int i = 0; i < n && !complete; i++) {
                            if (buf[i] == '\n' || length == line.length) {
                                complete = true;
                            } else {
                                line[length++] = buf[i];
                            }
                        }
                    }
                }
            } catch (IOException ignored) {
                // The pipe closed under us: keep what arrived.
            }
        }

        synchronized String text() {
            return new String(line, 0, length, StandardCharsets.UTF_8);
        }
    }

    /** Stops taking events and sends SIGTERM to the groups of hooks still running. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        for (Process p : running) {
            try {
                groups.signal(p.pid(), ProcessGroups.Signal.TERM);
            } catch (RuntimeException e) {
                p.destroy();
            }
        }
    }
}
