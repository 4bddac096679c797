package org.watchtray.core.source;

import org.watchtray.core.event.SourceId;

/**
 * Which mechanism a source uses and why: "keys: polling /proc/keys every 60 s — kernel lacks
 * CONFIG_WATCH_QUEUE (pipe2 returned ENOPKG)".
 */
public record SourceStatus(SourceId source, State state, String mechanism, String reason) {

    public enum State {
        /** Running on the preferred mechanism. */
        ACTIVE,
        /** Running on a fallback; {@code reason} says why. */
        DEGRADED,
        /** Not running; {@code reason} says why. */
        UNAVAILABLE,
        /** Turned off by the user. */
        DISABLED;

        /** The lower-case name used in JSON and the CLI. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public SourceStatus {
        reason = reason == null ? "" : reason;
        mechanism = mechanism == null ? "" : mechanism;
    }

    public static SourceStatus active(SourceId source, String mechanism) {
        return new SourceStatus(source, State.ACTIVE, mechanism, "");
    }

    public static SourceStatus degraded(SourceId source, String mechanism, String reason) {
        return new SourceStatus(source, State.DEGRADED, mechanism, reason);
    }

    public static SourceStatus unavailable(SourceId source, String reason) {
        return new SourceStatus(source, State.UNAVAILABLE, "none", reason);
    }

    /** "keys: polling /proc/keys every 60 s — kernel lacks …" */
    public String describe() {
        return source.wireName() + ": " + explanation();
    }

    /** The mechanism and, for a fallback or an outage, why: {@link #describe()} without the source. */
    public String explanation() {
        return switch (state) {
            case ACTIVE -> mechanism;
            case DEGRADED -> mechanism + " \u2014 " + reason;
            case UNAVAILABLE -> "not running \u2014 " + reason;
            case DISABLED -> "turned off in settings";
        };
    }
}
