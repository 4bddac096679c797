package org.watchtray.app.desktop.notify;

import org.watchtray.core.event.Severity;

/** The notification spec's urgency levels; sent as a byte hint. */
public enum Urgency {
    LOW((byte) 0), NORMAL((byte) 1), CRITICAL((byte) 2);

    private final byte level;

    Urgency(byte level) {
        this.level = level;
    }

    public byte level() {
        return level;
    }

    public static Urgency of(Severity s) {
        return switch (s) {
            case INFO, NOTICE -> LOW;
            case WARNING -> NORMAL;
            case CRITICAL -> CRITICAL;
        };
    }
}
