package org.watchtray.core.event;

/** Where an event came from; the wire names are stable (JSON, settings, history). */
public enum SourceId {
    KEYS("keys"), KERBEROS("kerberos"), MOUNTS("mounts"), THINPOOL("thinpool"), USB("usb"), META("meta"),
    /** watchtray's own event history (SQLite): its state, and events it could not keep. */
    HISTORY("history"),
    /** watchtray's entries in the systemd journal: whether they get there, and how many did not. */
    JOURNAL("journal"),
    /** Commands users and admins run on events: failures, timeouts, rate limits. */
    HOOKS("hooks");

    private final String wireName;

    SourceId(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static SourceId fromWireName(String name) {
        for (SourceId id : values()) {
            if (id.wireName.equals(name)) {
                return id;
            }
        }
        throw new IllegalArgumentException("unknown source '" + name + "'");
    }
}
