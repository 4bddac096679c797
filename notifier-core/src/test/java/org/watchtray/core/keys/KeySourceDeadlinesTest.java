package org.watchtray.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.ManualContext;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.testing.LogCapture;

/**
 * The key source's expiry deadlines with an injected clock: the warning and the expiry come at
 * exactly the instants the coarse /proc/keys columns allow, through the whole source (reader,
 * parser, tracker, deadlines). The real-kernel tests (KeySourceTest, KeySourceLabTest) check
 * the same behaviour without claiming wall-clock precision on a loaded machine.
 */
class KeySourceDeadlinesTest {
    private static final int RING = 0x100;
    private static final int KEY = 0x200;
    private static final long EXPIRY = 1330; // whole seconds, as the kernel keeps it

    /** The kernel side: one keyring holding one user key that expires at {@link #EXPIRY}. */
    private final class Kernel extends StandInKeyctl {
        @Override
        public int resolve(int special, boolean create) throws OsException {
            if (special == SESSION_KEYRING) {
                return RING;
            }
            throw new OsException("KEYCTL_GET_KEYRING_ID", Keyctl.name(special), Errno.ENOKEY, "Required key not available");
        }

        @Override
        public KeyDescription describe(int serial) throws OsException {
            if (serial == RING) {
                return new KeyDescription("keyring", 1000, 1000, 0x3f010000, "ring");
            }
            if (serial == KEY && expired()) {
                throw new OsException("KEYCTL_DESCRIBE", Keyctl.name(serial), Errno.EKEYEXPIRED, "Key has expired");
            }
            if (serial == KEY) {
                return new KeyDescription("user", 1000, 1000, 0x3f010000, "k");
            }
            throw new OsException("KEYCTL_DESCRIBE", Keyctl.name(serial), Errno.ENOKEY, "Required key not available");
        }

        @Override
        public int[] readKeyring(int serial) {
            return serial == RING ? new int[] {KEY} : new int[0];
        }

        private long kernelNow() {
            return context.clock().instant().getEpochSecond(); // ktime_get_real_seconds(): truncated
        }

        private boolean expired() {
            return kernelNow() >= EXPIRY;
        }

        /** security/keys/proc.c: the timeout column from the expiry and the kernel's coarse now. */
        private String timeout() {
            long left = EXPIRY - kernelNow();
            if (left <= 0) {
                return "expd";
            }
            return left < 60 ? left + "s" : left < 3600 ? left / 60 + "m" : left < 86400 ? left / 3600 + "h"
                    : left < 604800 ? left / 86400 + "d" : left / 604800 + "w";
        }

        String procKeys() {
            return String.format("%08x %s %5d %4s %08x %5d %5d %-9.9s %s%n", RING, "I--Q---", 1, "perm", 0x3f010000, 1000, 1000, "keyring", "ring: 1")
                    + String.format("%08x %s %5d %4s %08x %5d %5d %-9.9s %s%n", KEY, "I--Q---", 1, timeout(), 0x3f010000, 1000, 1000, "user", "k: 1");
        }
    }

    // Half a second past the second, so the reader's 20 ms slack for the kernel's coarse clock stays in the same second.
    private final ManualContext context = new ManualContext(Instant.ofEpochMilli(1_000_500));
    private final Kernel kernel = new Kernel();

    private static Instant at(long second) {
        return Instant.ofEpochSecond(second);
    }

    @Test
    void theWarningComesWhenTheEarliestPossibleExpiryIsALeadAwayAndTheExpiryToTheSecond() {
        try (LogCapture log = LogCapture.ofPackage(KeySource.class)) {
            warnsAtTheEarliestExpiryAndExpiresToTheSecond();
            assertEquals(List.of(), log.problems(), "nothing went wrong on the way");
        }
    }

    private void warnsAtTheEarliestExpiryAndExpiresToTheSecond() {
        KeySource source = new KeySource(kernel,
                () -> {
                    throw new OsException("pipe2", "O_NOTIFICATION_PIPE", Errno.ENOPKG, "Package not installed");
                },
                new Settings.Keys(List.of(), Duration.ofSeconds(60), Duration.ofHours(1), List.of()),
                kernel::procKeys, KeySource.DEFAULT_QUEUE_NOTES);

        SourceStatus status = source.start(context);

        assertEquals("keys: polling /proc/keys every 3600 s \u2014 kernel lacks CONFIG_WATCH_QUEUE (pipe2 returned ENOPKG); "
                + "user keyring not watched: KEYCTL_GET_KEYRING_ID on user keyring: ENOKEY, Required key not available; "
                + "persistent keyring not watched: KEYCTL_GET_PERSISTENT: EOPNOTSUPP, Operation not supported", status.describe());
        // 330 s left prints as "5m": the key expires in [1300, 1359], so the warning is due at 1240.
        assertEquals(at(1240), context.pending().getFirst());

        context.advanceTo(at(1239));
        assertEquals(List.of(), context.events(), "nothing early");
        context.advanceTo(at(1240));
        KeyEvent soon = (KeyEvent) context.events().getFirst();
        assertEquals(KeyEvent.Change.EXPIRES_SOON, soon.change());
        assertEquals(at(1240), soon.time());
        assertEquals(at(1300), soon.expiry(), "while only minutes are known: the earliest it can be");

        // Then re-read where seconds are printed ("30s" at 1300), and again at the expiry itself.
        context.advanceTo(at(1329));
        assertEquals(1, context.events().size(), "warned once: " + context.events());
        context.advanceTo(at(1330));
        KeyEvent expired = (KeyEvent) context.events().getLast();
        assertEquals(KeyEvent.Change.EXPIRED, expired.change());
        assertEquals(at(1330), expired.time());
        // The last reading ("1s", taken 20 ms early for the coarse clock) allowed [1329, 1330]: never later than the truth.
        assertTrue(!expired.expiry().isBefore(at(1329)) && !expired.expiry().isAfter(at(1330)), expired.expiry().toString());
        assertEquals(KeyEvent.Origin.DEADLINE, expired.origin());
        // The poll is on the interval's grid (Cadence): the first whole hour after the start, 3600 s.
        assertEquals(List.of(at(3600)), context.pending(), "only the next poll is left");
    }
}
