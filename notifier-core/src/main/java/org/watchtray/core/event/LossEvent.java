package org.watchtray.core.event;

import java.time.Instant;
import java.util.Map;

/**
 * Events were lost before they reached us (kernel queue overflow, agent queue overflow, a
 * flooded UI). {@code lost} is the number dropped, or -1 when the producer could not count.
 */
public record LossEvent(Instant time, SourceId affected, long lost, String where) implements Event {

    @Override
    public SourceId source() {
        return SourceId.META;
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String name() {
        return "meta.loss";
    }

    @Override
    public String subject() {
        return affected.wireName();
    }

    @Override
    public Map<String, Object> details() {
        return Details.of().put("affected", affected.wireName()).put("lost", lost < 0 ? null : lost).put("where", where).asMap();
    }
}
