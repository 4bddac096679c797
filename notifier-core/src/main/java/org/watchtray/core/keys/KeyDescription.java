package org.watchtray.core.keys;

/**
 * What KEYCTL_DESCRIBE returns: {@code "type;uid;gid;perm;description"} with perm as eight hex
 * digits. The description is last and may itself contain ';'.
 */
public record KeyDescription(String type, int uid, int gid, int perm, String description) {

    /** Parses the text (without its NUL); throws IllegalArgumentException naming what was wrong. */
    public static KeyDescription parse(String text) {
        String[] f = text.split(";", 5);
        if (f.length != 5) {
            throw new IllegalArgumentException("key description has " + f.length + " of 5 fields: " + org.watchtray.core.event.Text.quote(text));
        }
        try {
            return new KeyDescription(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseUnsignedInt(f[3], 16), f[4]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("key description has a malformed number: " + org.watchtray.core.event.Text.quote(text), e);
        }
    }
}
