package org.watchtray.app.settings;

/** A settings file field has the wrong type or an impossible value; the message names the field. */
public final class SettingsFormatException extends RuntimeException {
    private final String path;

    public SettingsFormatException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem);
        this.path = path;
    }

    /** The dotted field path, e.g. {@code kerberos.lead_times[1]}; empty when the whole file is at fault. */
    public String path() {
        return path;
    }
}
