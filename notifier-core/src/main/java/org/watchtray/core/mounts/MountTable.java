package org.watchtray.core.mounts;

import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A snapshot of the mount table, keyed by {@link MountEntry#key()}, in the order it was read.
 * Immutable.
 *
 * <p>A change names a few mounts in a table of possibly thousands, so {@link #patched} must not
 * copy the table: a patched table shares its predecessor's entries and keeps only the changed
 * ones (an overlay) of its own. The overlay is folded into a new base when it grows past about
 * twice the square root of the size, so a patch costs O(√n) copying and lookups stay O(1).
 */
public final class MountTable {
    /** The overlay of a table that has none; never changed ({@link #patched} copies an overlay before changing it). */
    private static final LinkedHashMap<Long, MountEntry> NO_OVERLAY = new LinkedHashMap<>();
    public static final MountTable EMPTY = new MountTable(Map.of(), NO_OVERLAY, 0);
    private static final int MIN_OVERLAY = 32;

    /** Never copied by {@link #patched}: shared by every table patched from it. */
    private final Map<Long, MountEntry> base;
    /**
     * Entries added or replaced since the base was made, and (as null values) those removed. Never
     * handed out, so not wrapped: {@link #patched} copies it, and copying through an unmodifiable
     * view made a wrapper per entry.
     */
    private final LinkedHashMap<Long, MountEntry> overlay;
    private final int size;

    private MountTable(Map<Long, MountEntry> base, LinkedHashMap<Long, MountEntry> overlay, int size) {
        this.base = base;
        this.overlay = overlay;
        this.size = size;
    }

    /** A table of {@code entries}; a later entry with the same key replaces an earlier one. */
    public static MountTable of(Collection<MountEntry> entries) {
        LinkedHashMap<Long, MountEntry> map = LinkedHashMap.newLinkedHashMap(entries.size());
        for (MountEntry e : entries) {
            map.put(e.key(), e);
        }
        return new MountTable(Collections.unmodifiableMap(map), NO_OVERLAY, map.size());
    }

    /**
     * This table with {@code changes} applied: each key maps to its new entry, or to null when
     * the mount is gone. A replaced entry keeps its place; a new one comes last.
     */
    public MountTable patched(Map<Long, MountEntry> changes) {
        if (changes.isEmpty()) {
            return this;
        }
        LinkedHashMap<Long, MountEntry> next = new LinkedHashMap<>(overlay);
        int n = size;
        for (Map.Entry<Long, MountEntry> c : changes.entrySet()) {
            Long key = c.getKey(); // kept boxed: every lookup below takes the object, and boxing anew allocates
            MountEntry now = c.getValue();
            n += (now != null ? 1 : 0) - (contains(key) ? 1 : 0);
            if (now == null && !base.containsKey(key)) {
                next.remove(key);  // added since the base, gone again: nothing to hide
            } else {
                next.put(key, now);
            }
        }
        if (next.size() > Math.max(MIN_OVERLAY, 2 * (int) Math.sqrt(n))) {
            return folded(base, next, n);
        }
        return new MountTable(base, next, n);
    }

    /** A new base holding every entry, in order; the overlay is empty again. */
    private static MountTable folded(Map<Long, MountEntry> base, LinkedHashMap<Long, MountEntry> overlay, int size) {
        LinkedHashMap<Long, MountEntry> map = LinkedHashMap.newLinkedHashMap(size);
        for (MountEntry e : new MountTable(base, overlay, size).entries()) {
            map.put(e.key(), e);
        }
        return new MountTable(Collections.unmodifiableMap(map), NO_OVERLAY, size);
    }

    public MountEntry get(long key) {
        return get(Long.valueOf(key));
    }

    /** The lookups with one boxed key (the caller's, if it has one): a key boxed for each map was three allocations per lookup. */
    MountEntry get(Long key) {
        MountEntry e = overlay.get(key);
        if (e != null || overlay.containsKey(key)) {
            return e;
        }
        return base.get(key);
    }

    public boolean contains(long key) {
        return get(Long.valueOf(key)) != null;
    }

    private boolean contains(Long key) {
        return get(key) != null;
    }

    /** Every entry, in the order read: the base's (replaced ones in their place), then those added since. */
    public Collection<MountEntry> entries() {
        if (overlay.isEmpty()) {
            return base.values();
        }
        return new AbstractCollection<>() {
            @Override
            public Iterator<MountEntry> iterator() {
                return new Entries();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    public int size() {
        return size;
    }

    /** This table keyed by mountinfo IDs, to compare with a mountinfo-only reading. */
    public MountTable withoutUniqueIds() {
        return of(entries().stream().map(MountEntry::withoutUniqueId).toList());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MountTable t) || t.size != size) {
            return false;
        }
        for (MountEntry e : entries()) {
            if (!e.equals(t.get(e.key()))) {
                return false;
            }
        }
        return true;
    }

    /** As {@link Map#hashCode()} of the key → entry map. */
    @Override
    public int hashCode() {
        int h = 0;
        for (MountEntry e : entries()) {
            h += Long.hashCode(e.key()) ^ e.hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        return "MountTable" + entries();
    }

    /** The base's entries with the overlay's replacements and removals, then the overlay's additions. */
    private final class Entries implements Iterator<MountEntry> {
        private final Iterator<MountEntry> inBase = base.values().iterator();
        private final Iterator<Map.Entry<Long, MountEntry>> inOverlay = overlay.entrySet().iterator();
        private MountEntry next = advance();

        private MountEntry advance() {
            while (inBase.hasNext()) {
                MountEntry e = inBase.next();
                Long key = e.key();
                if (!overlay.containsKey(key)) {
                    return e;
                }
                MountEntry replaced = overlay.get(key);
                if (replaced != null) {
                    return replaced;
                }
            }
            while (inOverlay.hasNext()) {
                Map.Entry<Long, MountEntry> o = inOverlay.next();
                if (o.getValue() != null && !base.containsKey(o.getKey())) {
                    return o.getValue();
                }
            }
            return null;
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public MountEntry next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            MountEntry e = next;
            next = advance();
            return e;
        }
    }
}
