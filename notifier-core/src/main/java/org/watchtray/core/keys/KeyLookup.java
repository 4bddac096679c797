package org.watchtray.core.keys;

import org.watchtray.core.os.Errno;

/** What KEYCTL_DESCRIBE said about a key: its description, that it is gone, or why it cannot be read. */
public sealed interface KeyLookup {
    record Found(KeyDescription description) implements KeyLookup {
    }

    /** ENOKEY: no such key any more. */
    record Gone() implements KeyLookup {
    }

    /** It exists but cannot be described: EKEYREVOKED, EKEYEXPIRED, or no View permission (EACCES). */
    record Unreadable(Errno errno, String reason) implements KeyLookup {
    }
}
