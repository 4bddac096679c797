package org.watchtray.core.settings;

/**
 * How the timeline groups the history: not at all (each event a row, repeats folded), or one row
 * per local day, per day and source, or per day and object (device, mount point, key …). Kept
 * in the settings ({@code timeline.grouping}), so the timeline opens as the user left it.
 */
public enum Grouping {
    NONE, DAY, SOURCE, SUBJECT;

    /** The name in the settings file and in message keys. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Grouping parse(String wire) {
        for (Grouping g : values()) {
            if (g.wireName().equals(wire)) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown grouping: " + wire);
    }
}
