package org.watchtray.core.event;

import java.time.Instant;
import java.util.List;
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
        return SHAPE.details(this);
    }

    // The one list of this event's fields: details, the history and the agent's records use it.
    public static final Field<LossEvent, SourceId> AFFECTED = Field.named("affected", Sources.TYPE, LossEvent::affected);
    /** -1: the producer could not count. */
    public static final Field<LossEvent, Long> LOST = Field.int64("lost", LossEvent::lost).absentAs(-1L);
    public static final Field<LossEvent, String> WHERE = Field.text("where", LossEvent::where).optional();

    public static final EventShape<LossEvent> SHAPE = EventShape.single(LossEvent.class, "meta.loss", List.of(AFFECTED, LOST, WHERE),
            v -> new LossEvent(v.time(), v.get(AFFECTED), v.get(LOST), v.get(WHERE)));
}
