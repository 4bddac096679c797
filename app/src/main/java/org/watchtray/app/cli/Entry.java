package org.watchtray.app.cli;

import java.time.Instant;
import java.util.Map;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;

/**
 * What one output line or JSON object shows. Usually an {@link Event} ({@code origin}); {@code watchtray decode}
 * also shows agent protocol records (hello, snapshot markers) that are not events ({@code origin} null).
 * {@code summary} is the stable English one of the JSON; a human line says the event in the user's language.
 */
record Entry(Instant time, SourceId source, String event, Severity severity, String summary, String subject,
             Map<String, Object> details, Bytes raw, Event origin) {

    static Entry of(Event e) {
        return new Entry(e.time(), e.source(), e.name(), e.severity(), EnglishSummary.of(e), e.subject(), e.details(), e.raw(), e);
    }
}
