package org.watchtray.app.cli;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.source.SourceStatus;

/**
 * One of watchtray's outputs (the journal export, the agent's Prometheus textfile, the hooks) as
 * {@code watchtray status} shows it: its state as far as can be seen without running it, and the
 * last trouble the running app recorded in the history, if any.
 *
 * @param name  {@code journal}, {@code metrics} or {@code hooks}: the machine name scripts cut
 * @param now   state, mechanism (where it writes, which hooks) and reason
 * @param last  the last problem recorded, if the history has one
 */
record OutputStatus(String name, SourceStatus now, Optional<Trouble> last) {

    OutputStatus {
        Objects.requireNonNull(name);
        Objects.requireNonNull(now);
        Objects.requireNonNull(last);
    }

    /** An output without a source of its own (the textfile): its status in the shape the status text translates. */
    static SourceStatus status(SourceStatus.State state, String mechanism, String reason) {
        return new SourceStatus(SourceId.META, state, mechanism, reason);
    }

    /**
     * A problem the running app recorded about this output.
     *
     * @param problem the status it recorded ("hook 'x' (…)", "exited with status 3 …")
     * @param over    when it next said the output works, if it did
     */
    record Trouble(Instant time, SourceStatus problem, Optional<Instant> over) {
    }
}
