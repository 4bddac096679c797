package org.watchtray.nativeaccess.keys;

import org.watchtray.core.keys.KeyDescription;

/** What KEYCTL_DESCRIBE said about a key: its description, that it is gone, or why it cannot be read. */
sealed interface KeyLookup {
    record Found(KeyDescription description) implements KeyLookup {
    }

    /** ENOKEY: no such key any more. */
    record Gone() implements KeyLookup {
    }

    /** It exists but cannot be described (revoked, expired, no View permission). */
    record Unreadable(String reason) implements KeyLookup {
    }
}
