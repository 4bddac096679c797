package org.watchtray.core.keys;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one re-read saw: the verified /proc/keys rows of the keys that matter (by serial), read
 * between {@code readStart} and {@code readEnd}; the keys that exist but whose row could not be
 * trusted ({@code unsure}: their values are unknown this time, see {@link ProcKeys}); every
 * serial the text showed ({@code seen}); and the members of each watched keyring (absent when
 * the keyring could not be read).
 */
public record KeySnapshot(Instant readStart, Instant readEnd, Map<Integer, ProcKey> rows, Set<Integer> unsure, Set<Integer> seen,
                          Map<Integer, List<Integer>> members, List<String> problems) {
    public KeySnapshot {
        rows = Map.copyOf(rows);
        unsure = Set.copyOf(unsure);
        seen = Set.copyOf(seen);
        members = Map.copyOf(members);
        problems = List.copyOf(problems);
    }

    /** Whether the key still exists, whether or not its row could be read. */
    public boolean present(int serial) {
        return rows.containsKey(serial) || unsure.contains(serial);
    }
}
