package org.watchtray.core.hooks;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.mounts.Glob;

/**
 * One hook: a command run on the events it matches. The command is an argv list run without a
 * shell; nothing from an event ever becomes an argument (the event arrives as environment
 * variables and JSON on stdin). A hook matches an event when its name matches one of
 * {@code events} (globs: {@code thinpool.*}, {@code *.expires_soon}), its source is in
 * {@code sources} (empty: any) and its severity is at least {@code minSeverity}.
 *
 * @param timeout       how long a run may take; then its whole process group is stopped
 * @param maxRuns       at most this many runs start within any {@code per}; more are skipped and counted
 * @param maxConcurrent at most this many runs at once; a run beyond that waits for one to end (a few may wait; more are skipped and counted)
 */
public record HookSpec(String name, List<String> command, List<String> events, Set<SourceId> sources, Severity minSeverity,
                       Duration timeout, int maxRuns, Duration per, int maxConcurrent, boolean enabled) {

    public static final List<String> ALL_EVENTS = List.of("*");
    public static final Severity DEFAULT_MIN_SEVERITY = Severity.INFO;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_RUNS = 10;
    public static final Duration DEFAULT_PER = Duration.ofMinutes(1);
    public static final int DEFAULT_MAX_CONCURRENT = 1;

    public HookSpec {
        Objects.requireNonNull(name);
        command = List.copyOf(command);
        events = List.copyOf(events);
        sources = Set.copyOf(sources);
        Objects.requireNonNull(minSeverity);
        if (timeout.isNegative() || timeout.isZero() || per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("timeout and per must be positive");
        }
        if (maxRuns < 1 || maxConcurrent < 1) {
            throw new IllegalArgumentException("max_runs and max_concurrent must be at least 1");
        }
    }

    /** A hook with the default matching and limits. */
    public static HookSpec of(String name, List<String> command, List<String> events) {
        return new HookSpec(name, command, events, Set.of(), DEFAULT_MIN_SEVERITY, DEFAULT_TIMEOUT, DEFAULT_MAX_RUNS, DEFAULT_PER,
                DEFAULT_MAX_CONCURRENT, true);
    }

    public boolean matches(Event e) {
        if (!enabled || !e.severity().atLeast(minSeverity) || !sources.isEmpty() && !sources.contains(e.source())) {
            return false;
        }
        for (String glob : events) {
            if (Glob.compile(glob).matches(e.name())) {
                return true;
            }
        }
        return false;
    }

    /** "thin-extend (/usr/local/sbin/extend-pool)" for reports. */
    public String label() {
        return "'" + name + "'" + (command.isEmpty() ? "" : " (" + command.getFirst() + ")");
    }
}
