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
        DISABLED
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

    public String describe() {
        String head = source.wireName() + ": ";
        return switch (state) {
            case ACTIVE -> head + mechanism;
            case DEGRADED -> head + mechanism + " \u2014 " + reason;
            case UNAVAILABLE -> head + "not running \u2014 " + reason;
            case DISABLED -> head + "turned off in settings";
        };
    }
}
