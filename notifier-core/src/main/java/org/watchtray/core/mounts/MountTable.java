package org.watchtray.core.mounts;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A snapshot of the mount table, keyed by {@link MountEntry#key()}, in the order it was read. Immutable. */
public final class MountTable {
    public static final MountTable EMPTY = new MountTable(Map.of());

    private final Map<Long, MountEntry> byKey;

    private MountTable(Map<Long, MountEntry> byKey) {
        this.byKey = byKey;
    }

    /** A table of {@code entries}; a later entry with the same key replaces an earlier one. */
    public static MountTable of(Collection<MountEntry> entries) {
        LinkedHashMap<Long, MountEntry> map = LinkedHashMap.newLinkedHashMap(entries.size());
        for (MountEntry e : entries) {
            map.put(e.key(), e);
        }
        return new MountTable(Collections.unmodifiableMap(map));
    }

    public MountEntry get(long key) {
        return byKey.get(key);
    }

    public boolean contains(long key) {
        return byKey.containsKey(key);
    }

    public Collection<MountEntry> entries() {
        return byKey.values();
    }

    public Map<Long, MountEntry> byKey() {
        return byKey;
    }

    public int size() {
        return byKey.size();
    }

    /** This table keyed by mountinfo IDs, to compare with a mountinfo-only reading. */
    public MountTable withoutUniqueIds() {
        return of(byKey.values().stream().map(MountEntry::withoutUniqueId).toList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MountTable t && byKey.equals(t.byKey);
    }

    @Override
    public int hashCode() {
        return byKey.hashCode();
    }

    @Override
    public String toString() {
        return "MountTable" + byKey.values();
    }
}
