package org.watchtray.core.source;

import java.time.Instant;

/**
 * One deadline that is moved rather than added to: a source's next reading, a tracker's next
 * flush. Either a wall-clock instant ({@link #set}) or a point on the monotonic clock
 * ({@link #setMonotonic}). Setting the time it is already set for keeps the registration.
 * Backend thread only.
 */
public final class NextDeadline {
    private SourceContext.Registration registration;
    /** The Instant or Long (monotonic nanoseconds) it is set for; null when not set. */
    private Object at;

    /** Runs {@code action} at wall-clock {@code when} instead of whatever was set; null cancels. */
    public void set(SourceContext context, Instant when, Runnable action) {
        if (when == null) {
            cancel();
        } else if (!keeps(when)) {
            registration = context.schedule(when, fired(action));
            at = when;
        }
    }

    /** Runs {@code action} when the monotonic clock reaches {@code atNanos} instead of whatever was set. */
    public void setMonotonic(SourceContext context, long atNanos, Runnable action) {
        if (!keeps(atNanos)) {
            registration = context.scheduleMonotonic(atNanos, fired(action));
            at = atNanos;
        }
    }

    /** True when already set for {@code when}; else cancels what was set. */
    private boolean keeps(Object when) {
        if (when.equals(at) && registration != null) {
            return true;
        }
        cancel();
        return false;
    }

    private Runnable fired(Runnable action) {
        return () -> {
            registration = null;
            at = null;
            action.run();
        };
    }

    public void cancel() {
        if (registration != null) {
            registration.close();
            registration = null;
        }
        at = null;
    }
}
