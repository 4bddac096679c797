package org.watchtray.core.journal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One field of a journal entry. The name follows journald's rules for fields a client may set:
 * upper-case letters, digits and underscores, starting with a letter, at most 64 characters
 * (a leading underscore is reserved for the fields journald adds itself). The value is any
 * text; newlines and other control characters are kept, the wire encoding is binary-safe.
 */
public record JournalField(String name, String value) {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    public JournalField {
        Objects.requireNonNull(value, "value");
        if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
            throw new IllegalArgumentException("not a journal field name journald accepts: '" + name + "'");
        }
    }
}
