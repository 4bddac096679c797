package org.watchtray.app.ui.timeline;

import java.time.Duration;

/** The time ranges the timeline offers, relative to when the filter is applied. */
public enum TimeRange {
    ALL("All time", null),
    LAST_HOUR("Last hour", Duration.ofHours(1)),
    LAST_DAY("Last 24 hours", Duration.ofDays(1)),
    LAST_WEEK("Last 7 days", Duration.ofDays(7));

    private final String label;
    private final Duration length;

    TimeRange(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    public String label() {
        return label;
    }

    /** Null for {@link #ALL}. */
    public Duration length() {
        return length;
    }

    @Override
    public String toString() {
        return label;
    }
}
