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
    public String summary() {
        String n = lost < 0 ? "Some" : Long.toString(lost);
        // Only a real source re-reads its state after a loss; the window and the history cannot.
        return switch (affected) {
            case META -> n + " events were lost (" + where + ")";
            case HISTORY -> n + " events are missing from the history (" + where + ")";
            case JOURNAL -> n + " events are missing from the systemd journal (" + where + ")";
            case HOOKS -> n + " hook runs were skipped (" + where + ")";
            default -> n + " " + affected.wireName() + " events were lost (" + where + "); state was re-read";
        };
    }

    @Override
    public Map<String, Object> details() {
        return Details.of().put("affected", affected.wireName()).put("lost", lost < 0 ? null : lost).put("where", where).asMap();
    }
}
