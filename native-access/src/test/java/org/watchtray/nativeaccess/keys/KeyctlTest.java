package org.watchtray.nativeaccess.keys;

import org.watchtray.core.keys.Keyctl;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.watchtray.core.keys.KeyDescription;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/** Keyctl against this machine's kernel, in a keyring of the test's own linked into the user keyring. */
class KeyctlTest {
    private final Keyctl keyctl = new SyscallKeyctl(new LinuxLibc());
    private int ring;

    @BeforeEach
    void newRing() throws OsException {
        ring = keyctl.addKey("keyring", "watchtray-keyctl-test-" + ProcessHandle.current().pid(), new byte[0], Keyctl.USER_KEYRING);
    }

    @AfterEach
    void dropRing() throws Exception {
        KeyCommands.run("unlink", Integer.toString(ring), "@u");
    }

    @Test
    void describeReadAndResolve() throws OsException {
        int key = keyctl.addKey("user", "a;b: c", "secret".getBytes(StandardCharsets.UTF_8), ring);
        KeyDescription d = keyctl.describe(key);
        assertEquals("user", d.type());
        assertEquals("a;b: c", d.description());
        assertEquals(new LinuxLibc().getuid(), d.uid());
        assertEquals("keyring", keyctl.describe(ring).type());
        assertArrayEquals(new int[] {key}, keyctl.readKeyring(ring));

        int second = keyctl.addKey("user", "two", new byte[] {1}, ring);
        assertArrayEquals(new int[] {key, second}, keyctl.readKeyring(ring));
        assertTrue(keyctl.resolve(Keyctl.USER_KEYRING, false) > 0);
        assertTrue(keyctl.capabilities().length >= 2, "KEYCTL_CAPABILITIES answers at least two bytes");
    }

    @Test
    void aLargeKeyringIsReadInFull() throws OsException {
        int n = 100; // more than the first 64-serial guess
        for (int i = 0; i < n; i++) {
            keyctl.addKey("user", "k" + i, new byte[] {(byte) i}, ring);
        }
        assertEquals(n, keyctl.readKeyring(ring).length);
    }

    @Test
    void failuresNameTheOperationTheKeyAndTheErrno() throws Exception {
        int key = keyctl.addKey("user", "gone", new byte[] {1}, ring);
        KeyCommands.run("revoke", Integer.toString(key));
        OsException e = assertThrows(OsException.class, () -> keyctl.describe(key));
        assertEquals(Errno.EKEYREVOKED, e.errno());
        assertEquals("KEYCTL_DESCRIBE on key " + key + ": EKEYREVOKED, Key has been revoked", e.getMessage());

        // A plain pipe is not a notification queue (and this kernel may have no queue at all).
        int[] pipe = new LinuxLibc().pipe2(0);
        try {
            OsException w = assertThrows(OsException.class, () -> keyctl.watch(ring, pipe[0], 1));
            assertTrue(w.getMessage().startsWith("KEYCTL_WATCH_KEY on key " + ring + ": E"), w.getMessage());
        } finally {
            new LinuxLibc().closeQuietly(pipe[0]);
            new LinuxLibc().closeQuietly(pipe[1]);
        }
    }
}
