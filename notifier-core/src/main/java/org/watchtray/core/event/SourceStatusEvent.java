package org.watchtray.core.event;

import java.time.Instant;
import java.util.Map;
import org.watchtray.core.source.SourceStatus;

/** A source started, fell back, stopped or came back; the Sources view follows these. */
public record SourceStatusEvent(Instant time, SourceStatus status) implements Event {

    @Override
    public SourceId source() {
        return SourceId.META;
    }

    @Override
    public Severity severity() {
        return switch (status.state()) {
            case ACTIVE, DISABLED -> Severity.INFO;
            case DEGRADED -> Severity.NOTICE;
            case UNAVAILABLE -> Severity.WARNING;
        };
    }

    @Override
    public String name() {
        return "meta.source_status";
    }

    @Override
    public String subject() {
        return status.source().wireName();
    }

    @Override
    public Map<String, Object> details() {
        return Details.of()
                .put("source", status.source().wireName())
                .put("state", status.state().wireName())
                .put("mechanism", status.mechanism())
                .put("reason", status.reason().isEmpty() ? null : status.reason())
                .asMap();
    }
}
