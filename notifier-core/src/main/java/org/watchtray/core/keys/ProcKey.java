package org.watchtray.core.keys;

/**
 * One line of /proc/keys (security/keys/proc.c):
 * {@code "%08x %c%c%c%c%c%c%c %5d %4s %08x %5d %5d %-9.9s "} followed by the key type's own
 * description text. {@code type} is truncated to 9 characters by the kernel ("asymmetri");
 * {@code text} is what the type's describe() printed, e.g. {@code "k1: 5"} for a user key
 * (description, then the payload length) or {@code "ring: 3"} / {@code "ring: empty"} for a
 * keyring (the number of links).
 */
public record ProcKey(int serial, String flags, int usage, KeyTimeout timeout, int perm, int uid, int gid,
                      String type, String text) {

    public boolean instantiated() {
        return flags.charAt(0) == 'I';
    }

    public boolean revoked() {
        return flags.charAt(1) == 'R';
    }

    public boolean dead() {
        return flags.charAt(2) == 'D';
    }

    public boolean negative() {
        return flags.charAt(5) == 'N';
    }

    public boolean invalidated() {
        return flags.charAt(6) == 'i';
    }

    public boolean keyring() {
        return type.equals("keyring");
    }

    /**
     * The description as far as the text shows it: for the types whose describe() appends
     * {@code ": <detail>"} (user, logon, big_key, keyring) the part before the last ": ";
     * otherwise the whole text. KEYCTL_DESCRIBE gives the exact description when the key is
     * still readable.
     */
    public String description() {
        int colon = text.lastIndexOf(": ");
        return colon < 0 ? text : text.substring(0, colon);
    }

    /** What the text shows beyond the description (a user key's payload length, a keyring's link count). */
    public String detail() {
        int colon = text.lastIndexOf(": ");
        return colon < 0 ? "" : text.substring(colon + 2);
    }
}
