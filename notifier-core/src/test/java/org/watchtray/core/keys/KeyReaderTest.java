package org.watchtray.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;

/**
 * The fallback's poll of an unchanged /proc/keys: the same text and the same keys of interest
 * are not parsed or described again (the idle tray's minute poll; docs/idle.md), while a change
 * of either is. The kernel side is a stand-in here because the real one is shared: every
 * process of this machine's root user (other developers' tests included) adds to the same user
 * keyring and /proc/keys at any time, so "nothing changed" cannot be arranged with real keys.
 * The rows are recorded from this machine's /proc/keys (keyctl newring, add, timeout 7200,
 * setperm 0x3f3f0000); KeySourceTest checks on the real kernel that every kind of change is
 * still reported.
 */
class KeyReaderTest {
    private static final int RING = 0x02def403;
    private static final int KEY = 0x342c532a;
    private static final int OTHER = 0x0a000001;

    // serial   flags    usage timeout perm     uid   gid   type      description: payload length
    private static final String RING_ROW = "02def403 I--Q---     1 perm 3f010000     0     0 keyring   wt-idlewake-rec: 1\n";
    private static final String KEY_ROW = "342c532a I--Q---     1   2h 3f010000     0     0 user      wt-rec: 3\n";
    /** The same key after setperm 0x3f3f0000: only the perm column differs. */
    private static final String KEY_ROW_SETPERM = "342c532a I--Q---     1   2h 3f3f0000     0     0 user      wt-rec: 3\n";
    private static final String OTHER_ROW = "0a000001 I--Q---     1 perm 3f010000     0     0 user      wt-other: 1\n";

    /** Counts KEYCTL_DESCRIBE; the ring's members are what the test sets. */
    private static final class Kernel extends StandInKeyctl {
        int describes;
        int[] members = {KEY};

        @Override
        public int resolve(int special, boolean create) throws OsException {
            throw new OsException("KEYCTL_GET_KEYRING_ID", Keyctl.name(special), Errno.ENOKEY, "Required key not available");
        }

        @Override
        public KeyDescription describe(int serial) throws OsException {
            describes++;
            return switch (serial) {
                case RING -> new KeyDescription("keyring", 0, 0, 0x3f010000, "wt-idlewake-rec");
                case KEY -> new KeyDescription("user", 0, 0, 0x3f010000, "wt-rec");
                case OTHER -> new KeyDescription("user", 0, 0, 0x3f010000, "wt-other");
                default -> throw new OsException("KEYCTL_DESCRIBE", Keyctl.name(serial), Errno.ENOKEY, "Required key not available");
            };
        }

        @Override
        public int[] readKeyring(int serial) {
            return serial == RING ? members.clone() : new int[0];
        }
    }

    private final Kernel kernel = new Kernel();
    private String procKeys = RING_ROW + KEY_ROW + OTHER_ROW;
    private final KeyReader reader = new KeyReader(kernel, () -> procKeys);

    private KeySnapshot read(long second) throws Exception {
        return reader.snapshot(Clock.fixed(Instant.ofEpochSecond(second), ZoneOffset.UTC), Set.of(RING), Set.of());
    }

    @Test
    void anUnchangedReadIsNotParsedOrDescribedAgainButKeepsItsOwnTimes() throws Exception {
        KeySnapshot first = read(1000);
        assertEquals(Set.of(RING, KEY), first.rows().keySet());
        int describesOfTheFirstRead = kernel.describes;
        assertNotEquals(0, describesOfTheFirstRead, "the first read verifies its rows with KEYCTL_DESCRIBE");

        KeySnapshot again = read(1060);
        assertEquals(describesOfTheFirstRead, kernel.describes, "no KEYCTL_DESCRIBE for an identical read");
        assertEquals(first.rows(), again.rows());
        assertEquals(first.seen(), again.seen());
        // The times are the new read's: they narrow the key's timeout window in the tracker.
        assertEquals(Instant.ofEpochSecond(1060).minus(KeyReader.COARSE_CLOCK_SLACK), again.readStart());
        assertEquals(Instant.ofEpochSecond(1060), again.readEnd());
    }

    @Test
    void aChangedRowIsParsedAndVerifiedAgain() throws Exception {
        read(1000);
        int before = kernel.describes;
        procKeys = RING_ROW + KEY_ROW_SETPERM + OTHER_ROW;
        KeySnapshot changed = read(1060);
        assertNotEquals(before, kernel.describes, "a changed text is verified again");
        assertEquals(0x3f3f0000, changed.rows().get(KEY).perm());
    }

    @Test
    void aNewMemberWithTheSameTextIsParsedAgain() throws Exception {
        read(1000);
        int before = kernel.describes;
        // Linked in between two reads that printed the same text: the keys of interest differ.
        kernel.members = new int[] {KEY, OTHER};
        KeySnapshot withOther = read(1060);
        assertNotEquals(before, kernel.describes);
        assertEquals(Set.of(RING, KEY, OTHER), withOther.rows().keySet());
    }
}
