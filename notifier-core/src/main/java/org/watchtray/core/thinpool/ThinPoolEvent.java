package org.watchtray.core.thinpool;

import org.watchtray.core.event.Change;
import org.watchtray.core.event.Details;
import org.watchtray.core.event.Durations;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.Text;
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

    private String label() {
        return Text.quote(lvmName == null || lvmName.isEmpty() ? pool : lvmName);
    }

    @Override
    public String summary() {
        String eta = fullIn == null ? "" : ", full in about " + Durations.humanize(fullIn);
        return switch (change) {
            case STATUS -> Double.isNaN(dataPercent) ? "Thin pool " + label() + " is in " + Text.visible(mode) + " mode"
                    : "Thin pool " + label() + String.format(" data %.1f%%, metadata %.1f%%", dataPercent, metadataPercent);
            case DATA_THRESHOLD -> "Thin pool " + label() + String.format(" data is %.1f%% full", dataPercent) + eta;
            case METADATA_THRESHOLD -> "Thin pool " + label() + String.format(" metadata is %.1f%% full", metadataPercent) + eta;
            case LOW_WATER_MARK -> "Thin pool " + label() + " reached its low-water mark" + eta;
            case OUT_OF_DATA_SPACE -> "Thin pool " + label() + " is out of data space: writes fail";
            case READ_ONLY -> "Thin pool " + label() + " switched to read-only mode";
            case FAILED -> "Thin pool " + label() + " has failed";
            case NEEDS_CHECK -> "Thin pool " + label() + " needs a metadata check (thin_check)";
            case RESOLVED -> Double.isNaN(dataPercent) ? "Thin pool " + label() + " is gone (" + Text.visible(mode) + ")"
                    : "Thin pool " + label() + String.format(" is back to %.1f%% data", dataPercent);
        };
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
