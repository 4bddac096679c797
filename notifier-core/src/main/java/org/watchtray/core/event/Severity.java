package org.watchtray.core.event;

/** How urgently an event needs the user; ordered from least to most urgent. */
public enum Severity {
    INFO, NOTICE, WARNING, CRITICAL;

    /** Made once: every printed, stored or sent event asks for it. */
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case name used in JSON, settings and the CLI. */
    public String wireName() {
        return wireName;
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    public static Severity parse(String text) {
        return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
