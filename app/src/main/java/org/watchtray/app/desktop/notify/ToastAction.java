package org.watchtray.app.desktop.notify;

/** The buttons a toast may carry; {@link #SHOW} is the spec's "default" action (clicking the toast). */
public enum ToastAction {
    SHOW("default"), RENEW("renew"), SNOOZE("snooze"), MUTE("mute");

    private final String key;

    ToastAction(String key) {
        this.key = key;
    }

    /** The action key sent to the notification server. */
    public String key() {
        return key;
    }

    public static ToastAction fromKey(String key) {
        for (ToastAction a : values()) {
            if (a.key.equals(key)) {
                return a;
            }
        }
        return null;
    }
}
