package org.watchtray.core.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.watchtray.core.source.SourceStatus;

/** A source started, fell back, stopped or came back; the Sources view follows these. */
public record SourceStatusEvent(Instant time, SourceStatus status) implements Event {

    @Override
    public SourceId source() {
        return SourceId.META;
    }

    /**
     * A source on a fallback is a notice; one not running a warning. A hook that does not work
     * (it failed, was stopped at its timeout, cannot start, or its runs are skipped) is a warning
     * too: something the user or admin asked for did not happen.
     */
    @Override
    public Severity severity() {
        return switch (status.state()) {
            case ACTIVE, DISABLED -> Severity.INFO;
            case DEGRADED -> status.source() == SourceId.HOOKS ? Severity.WARNING : Severity.NOTICE;
            case UNAVAILABLE -> Severity.WARNING;
        };
    }

    /** A report that a hook does not work: the one kind of status that is also an alert (docs/hooks.md). */
    public boolean hookTrouble() {
        return status.source() == SourceId.HOOKS
                && (status.state() == SourceStatus.State.DEGRADED || status.state() == SourceStatus.State.UNAVAILABLE);
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
        return SHAPE.details(this);
    }

    // The one list of this event's fields: details, the history and the agent's records use it.
    public static final Field<SourceStatusEvent, SourceId> SOURCE = Field.named("source", Sources.TYPE, e -> e.status().source());
    public static final Field<SourceStatusEvent, SourceStatus.State> STATE = Field.named("state",
            FieldType.named(SourceStatus.State.class, SourceStatus.State::wireName), e -> e.status().state());
    public static final Field<SourceStatusEvent, String> MECHANISM = Field.<SourceStatusEvent>text("mechanism", e -> e.status().mechanism()).optional();
    public static final Field<SourceStatusEvent, String> REASON = Field.<SourceStatusEvent>text("reason", e -> e.status().reason()).absentAs("");

    public static final EventShape<SourceStatusEvent> SHAPE = EventShape.single(SourceStatusEvent.class, "meta.source_status",
            List.of(SOURCE, STATE, MECHANISM, REASON),
            v -> new SourceStatusEvent(v.time(), new SourceStatus(v.get(SOURCE), v.get(STATE), v.get(MECHANISM), v.get(REASON))));
}
