package org.watchtray.core.hooks;

import java.time.Duration;

/**
 * How one run of a hook ended.
 *
 * @param exitStatus   the exit status (128 + n for a process killed by signal n), or -1 when it never started
 * @param timedOut     it outlived its timeout and its process group was stopped
 * @param startFailure why it could not start (missing program …), or empty
 * @param stderrFirstLine the first line it wrote to stderr, as text (at most {@link HookRunner#STDERR_LINE} bytes of it;
 *                        control characters and markup as they came: {@link HookRunner#describeFailure} makes it safe to show)
 */
public record HookRun(String hook, String event, String subject, int exitStatus, boolean timedOut, String startFailure,
                      String stderrFirstLine, Duration took) {

    public boolean succeeded() {
        return exitStatus == 0 && !timedOut && startFailure.isEmpty();
    }
}
