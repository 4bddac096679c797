package org.watchtray.app.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.watchtray.core.settings.Settings;

/**
 * Settings as one JSON tree for the window feed (the tray hands its live settings to the window
 * process and takes changes back): every known field and the unknown ones the user's file
 * carries, so what comes back equals what went out.
 */
public final class SettingsWire {
    private static final String UNKNOWN = "unknown";
    private static final String KNOWN = "known";

    private SettingsWire() {
    }

    public static ObjectNode write(Settings s) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.set(KNOWN, SettingsJson.write(s));
        n.set(UNKNOWN, SettingsJson.unknownTree(s.unknown()));
        return n;
    }

    /** @throws IllegalArgumentException (a {@link SettingsFormatException} naming the field) when the tree is not settings this version understands */
    public static Settings read(JsonNode n) {
        if (!(n.get(KNOWN) instanceof ObjectNode known) || !(n.get(UNKNOWN) instanceof ObjectNode unknown)) {
            throw new IllegalArgumentException("settings on the window feed lack their known or unknown part");
        }
        return SettingsJson.read(known, SettingsJson.unknownMap(unknown));
    }
}
