package org.watchtray.core.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A patched table is the table a plain copy-and-edit would give, in the same order, without copying it. */
class MountTableTest {

    @Test
    void aPatchReplacesInPlaceRemovesAndAppends() {
        MountTable t = MountTable.of(List.of(entry(1, "/"), entry(2, "/home"), entry(3, "/boot")));
        Map<Long, MountEntry> change = new LinkedHashMap<>();
        change.put(2L, entry(2, "/home2"));
        change.put(3L, null);
        change.put(9L, entry(9, "/mnt"));
        MountTable p = t.patched(change);
        assertEquals(List.of("/", "/home2", "/mnt"), p.entries().stream().map(MountEntry::mountPoint).toList());
        assertEquals(3, p.size());
        assertNull(p.get(3));
        assertFalse(p.contains(3));
        assertEquals("/home", t.get(2).mountPoint(), "the original is untouched");
        assertEquals(MountTable.of(List.of(entry(1, "/"), entry(2, "/home2"), entry(9, "/mnt"))), p);
        assertEquals(p.hashCode(), MountTable.of(new ArrayList<>(p.entries())).hashCode());
        assertSame(p, p.patched(Map.of()), "nothing to change: the same table");
    }

    @Test
    void aMountAddedAndGoneAgainLeavesNoTrace() {
        MountTable t = MountTable.of(List.of(entry(1, "/")));
        MountTable added = t.patched(Map.of(5L, entry(5, "/tmp/x")));
        Map<Long, MountEntry> gone = new HashMap<>();
        gone.put(5L, null);
        assertEquals(t, added.patched(gone));
        assertEquals(1, added.patched(gone).size());
    }

    /** Thousands of random patches, through many folds, against a LinkedHashMap edited the plain way. */
    @Test
    void randomPatchesMatchAPlainMap() {
        Random random = new Random(16);
        LinkedHashMap<Long, MountEntry> model = new LinkedHashMap<>();
        for (long k = 1; k <= 500; k++) {
            model.put(k, entry(k, "/m" + k));
        }
        MountTable t = MountTable.of(new ArrayList<>(model.values()));
        long next = 501;
        for (int round = 0; round < 3000; round++) {
            Map<Long, MountEntry> change = new HashMap<>();
            for (int i = random.nextInt(4); i >= 0; i--) {
                List<Long> keys = new ArrayList<>(model.keySet());
                switch (random.nextInt(3)) {
                    case 0 -> change.put(next, entry(next, "/n" + next++));
                    case 1 -> {
                        long k = keys.get(random.nextInt(keys.size()));
                        change.put(k, entry(k, "/r" + round));
                    }
                    default -> change.put(keys.get(random.nextInt(keys.size())), null);
                }
            }
            for (Map.Entry<Long, MountEntry> c : change.entrySet()) {
                if (c.getValue() == null) {
                    model.remove(c.getKey());
                } else {
                    model.put(c.getKey(), c.getValue());
                }
            }
            t = t.patched(change);
            assertEquals(model.size(), t.size());
            for (long k : change.keySet()) {
                assertEquals(model.get(k), t.get(k));
            }
            if (round % 100 == 0) {
                assertEquals(new ArrayList<>(model.values()), new ArrayList<>(t.entries()), "round " + round);
            }
        }
        assertEquals(new ArrayList<>(model.values()), new ArrayList<>(t.entries()));
    }

    private static MountEntry entry(long uniqueId, String mountPoint) {
        return new MountEntry(uniqueId, (int) uniqueId, 1, 0, (int) uniqueId, "/", mountPoint, "rw,relatime", List.of(),
                "tmpfs", "t", "rw");
    }
}
