package org.watchtray.nativeaccess.keys;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.watchtray.core.keys.ProcKey;

/**
 * What one re-read saw: every /proc/keys row (by serial), read between {@code readStart} and
 * {@code readEnd}, and the members of each watched keyring (absent when the keyring could not
 * be read).
 */
record KeySnapshot(Instant readStart, Instant readEnd, Map<Integer, ProcKey> rows, Map<Integer, List<Integer>> members,
                   List<String> problems) {
    KeySnapshot {
        rows = Map.copyOf(rows);
        members = Map.copyOf(members);
        problems = List.copyOf(problems);
    }
}
