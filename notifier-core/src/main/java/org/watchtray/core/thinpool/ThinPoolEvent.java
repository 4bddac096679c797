package org.watchtray.core.thinpool;

import org.watchtray.core.event.Change;
import org.watchtray.core.event.EventShape;
import org.watchtray.core.event.Field;
import org.watchtray.core.event.Durations;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A thin pool's state changed. Percentages are 0–100 (NaN when unknown); {@code threshold}
 * is the crossed threshold in percent (0 when none); {@code fullIn} estimates time to full.
 */
public record ThinPoolEvent(Instant time, Change change, Severity severity, String pool, String lvmName,
                            double dataPercent, double metadataPercent, int threshold,
                            Duration fullIn, String mode) implements Event {

    public enum Change implements org.watchtray.core.event.Change {
        STATUS("status", Severity.INFO),
        DATA_THRESHOLD("data_threshold", Severity.WARNING),
        METADATA_THRESHOLD("metadata_threshold", Severity.WARNING),
        LOW_WATER_MARK("low_water", Severity.WARNING),
        OUT_OF_DATA_SPACE("out_of_space", Severity.CRITICAL),
        READ_ONLY("read_only", Severity.CRITICAL),
        FAILED("failed", Severity.CRITICAL),
        NEEDS_CHECK("needs_check", Severity.CRITICAL),
        RESOLVED("resolved", Severity.INFO);

        private final String wireName;
        private final Severity severity;

        Change(String wireName, Severity severity) {
            this.wireName = wireName;
            this.severity = severity;
        }

        @Override
        public String wireName() {
            return wireName;
        }

        @Override
        public Severity severity() {
            return severity;
        }
    }

    public ThinPoolEvent {
        severity = severity == null ? change.severity() : severity;
        pool = pool == null ? "" : pool; // absent (a history row or record without it): shown empty, never a crash
        mode = mode == null ? "" : mode;
    }

    @Override
    public SourceId source() {
        return SourceId.THINPOOL;
    }

    @Override
    public String name() {
        return "thinpool." + change.wireName();
    }

    @Override
    public String subject() {
        return pool;
    }

    /** The name a user knows the pool by: its LVM name ("vg0/pool") when known, else its device-mapper name. */
    public String poolName() {
        return lvmName == null || lvmName.isEmpty() ? pool : lvmName;
    }

    @Override
    public Map<String, Object> details() {
        return SHAPE.details(this);
    }

    // The one list of this event's fields: details, the history and the agent's records use it.
    // Its severity travels beside the fields (a history column, a record byte), like every event's.
    public static final Field<ThinPoolEvent, String> POOL = Field.text("pool", ThinPoolEvent::pool);
    public static final Field<ThinPoolEvent, String> LVM_NAME = Field.text("lvm_name", ThinPoolEvent::lvmName).optional();
    public static final Field<ThinPoolEvent, Double> DATA_PERCENT = Field.decimal("data_percent", ThinPoolEvent::dataPercent)
            .absentAs(Double.NaN);
    public static final Field<ThinPoolEvent, Double> METADATA_PERCENT = Field.decimal("metadata_percent", ThinPoolEvent::metadataPercent)
            .absentAs(Double.NaN);
    public static final Field<ThinPoolEvent, Integer> THRESHOLD = Field.int32("threshold", ThinPoolEvent::threshold).absentAs(0);
    public static final Field<ThinPoolEvent, Duration> FULL_IN = Field.duration("full_in", ThinPoolEvent::fullIn).optional();
    public static final Field<ThinPoolEvent, String> MODE = Field.text("mode", ThinPoolEvent::mode).absentAs("");

    public static final EventShape<ThinPoolEvent> SHAPE = EventShape.of(ThinPoolEvent.class, "thinpool", Change.class,
            List.of(POOL, LVM_NAME, DATA_PERCENT, METADATA_PERCENT, THRESHOLD, FULL_IN, MODE),
            v -> new ThinPoolEvent(v.time(), v.change(Change.class), v.severity(), v.get(POOL), v.get(LVM_NAME),
                    v.get(DATA_PERCENT), v.get(METADATA_PERCENT), v.get(THRESHOLD), v.get(FULL_IN), v.get(MODE)));
}
