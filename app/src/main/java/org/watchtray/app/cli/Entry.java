package org.watchtray.app.cli;

import java.time.Instant;
import java.util.Map;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;

/**
 * What one output line or JSON object shows. Usually an {@link Event}; {@code watchtray decode}
 * also shows agent protocol records (hello, snapshot markers) that are not events.
 */
record Entry(Instant time, SourceId source, String event, Severity severity, String summary, String subject,
             Map<String, Object> details, Bytes raw) {

    static Entry of(Event e) {
        return new Entry(e.time(), e.source(), e.name(), e.severity(), e.summary(), e.subject(), e.details(), e.raw());
    }
}
