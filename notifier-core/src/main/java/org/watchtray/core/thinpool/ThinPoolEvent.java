package org.watchtray.core.thinpool;

import org.watchtray.core.event.Change;
import org.watchtray.core.event.Details;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import java.time.Duration;
import java.time.Instant;
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
        return Details.of()
                .put("pool", pool)
                .put("lvm_name", lvmName)
                .put("data_percent", Double.isNaN(dataPercent) ? null : dataPercent)
                .put("metadata_percent", Double.isNaN(metadataPercent) ? null : metadataPercent)
                .put("threshold", threshold == 0 ? null : threshold)
                .put("full_in", fullIn)
                .put("mode", mode.isEmpty() ? null : mode)
                .asMap();
    }
}
