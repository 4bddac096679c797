package org.watchtray.core.keys;

import org.watchtray.core.record.TypeFilter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.core.keys.KeyEvent.Change;
import org.watchtray.core.record.WatchTypes;

/** Settings' subtype names → the user's mask and the kernel filter. */
class KeySubtypesTest {

    @Test
    void namesInEitherSpellingMapToSubtypeBits() {
        List<String> problems = new ArrayList<>();
        int mask = KeySubtypes.userMask(List.of("revoked", "NOTIFY_KEY_UPDATED", " Setattr ", "expired-ish"), problems);
        assertEquals((1 << WatchTypes.KEY_REVOKED) | (1 << WatchTypes.KEY_UPDATED) | (1 << WatchTypes.KEY_SETATTR), mask);
        assertEquals(1, problems.size());
        assertTrue(problems.getFirst().contains("'expired-ish'") && problems.getFirst().contains("instantiated, updated, linked"),
                problems.getFirst());
        assertEquals(KeySubtypes.ALL, KeySubtypes.userMask(List.of(), problems), "empty means all");
    }

    @Test
    void theKernelFilterKeepsWhatTrackingNeedsAndTheSourceDropsTheRest() {
        int onlyRevoked = 1 << WatchTypes.KEY_REVOKED;
        List<TypeFilter> filter = KeySubtypes.kernelFilter(onlyRevoked);
        assertEquals(new TypeFilter(WatchTypes.TYPE_KEY_NOTIFY, onlyRevoked | 0b1001_1100), filter.get(0),
                "revoked + linked, unlinked, cleared, setattr");
        assertEquals(new TypeFilter(WatchTypes.TYPE_META, 0b11), filter.get(1), "removal and loss always");
        assertTrue(KeySubtypes.wanted(Change.REVOKED, onlyRevoked));
        assertFalse(KeySubtypes.wanted(Change.LINKED, onlyRevoked), "needed by the tracker, not shown to the user");
        assertTrue(KeySubtypes.wanted(Change.EXPIRES_SOON, onlyRevoked), "not a kernel subtype: always delivered");
        assertTrue(KeySubtypes.wanted(Change.REMOVED, onlyRevoked));
    }
}
