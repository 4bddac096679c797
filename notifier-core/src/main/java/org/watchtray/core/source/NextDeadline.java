package org.watchtray.core.source;

import java.time.Instant;

/**
 * One deadline that is moved rather than added to: a source's next reading, a tracker's next
 * flush. Setting the instant it is already set for keeps the registration. Backend thread only.
 */
public final class NextDeadline {
    private SourceContext.Registration registration;
    private Instant at;

    /** Runs {@code action} at {@code when} instead of whatever was set; null cancels. */
    public void set(SourceContext context, Instant when, Runnable action) {
        if (when != null && when.equals(at) && registration != null) {
            return;
        }
        cancel();
        if (when != null) {
            at = when;
            registration = context.schedule(when, () -> {
                registration = null;
                at = null;
                action.run();
            });
        }
    }

    public void cancel() {
        if (registration != null) {
            registration.close();
            registration = null;
        }
        at = null;
    }
}
