package org.watchtray.core.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Input that could not be decoded: what was wrong, where, and the offending bytes. */
public record DecodeProblem(Instant time, SourceId affected, long offset, String problem, Bytes raw) implements Event {

    public DecodeProblem {
        raw = raw == null ? Bytes.EMPTY : raw;
    }

    @Override
    public SourceId source() {
        return SourceId.META;
    }

    @Override
    public Severity severity() {
        return Severity.NOTICE;
    }

    @Override
    public String name() {
        return "meta.malformed";
    }

    @Override
    public String subject() {
        return affected.wireName();
    }

    @Override
    public Map<String, Object> details() {
        return SHAPE.details(this);
    }

    // The one list of this event's fields: details and the history use it.
    static final Field<DecodeProblem, SourceId> AFFECTED = Field.named("affected", Sources.TYPE, DecodeProblem::affected);
    static final Field<DecodeProblem, Long> OFFSET = Field.int64("offset", DecodeProblem::offset);
    static final Field<DecodeProblem, String> PROBLEM = Field.text("problem", DecodeProblem::problem).optional();

    public static final EventShape<DecodeProblem> SHAPE = EventShape.single(DecodeProblem.class, "meta.malformed",
            List.of(AFFECTED, OFFSET, PROBLEM), v -> new DecodeProblem(v.time(), v.get(AFFECTED), v.get(OFFSET), v.get(PROBLEM), v.raw()));
}
