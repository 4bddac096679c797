package org.watchtray.core.source;

import org.watchtray.core.event.SourceId;

/**
 * One event source as the backend poller sees it: it registers its file descriptors and
 * deadlines with the {@link SourceContext}, turns readiness into events, and closes what it
 * opened. All methods are called on the backend thread.
 */
public interface Source extends AutoCloseable {

    SourceId id();

    /**
     * Opens the source's fds and registers them, and returns the mechanism it uses and why. A
     * source that cannot run does not throw: it returns an UNAVAILABLE or DEGRADED status that
     * says why, and the rest goes on. Later changes go through
     * {@link SourceContext#statusChanged}; the poller keeps the one current status of each
     * source ({@link Poller#statuses()}).
     */
    SourceStatus start(SourceContext context);

    /** Re-reads the whole state (after a loss record or a reconfiguration) and emits differences. */
    default void resync() {
    }

    /** Unregisters and closes every fd the source opened. Idempotent. */
    @Override
    void close();
}
