package org.watchtray.core.keys;

import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;

/**
 * The parts of a stand-in kernel that tests of the /proc/keys fallback share: no persistent
 * keyring, no notification queue, no new keys. A test fills in the keyrings and keys it needs.
 */
abstract class StandInKeyctl implements Keyctl {
    @Override
    public int persistentKeyring(int destination) throws OsException {
        throw new OsException("KEYCTL_GET_PERSISTENT", "", Errno.EOPNOTSUPP, "Operation not supported");
    }

    @Override
    public void watch(int serial, int queueFd, int watchId) {
        throw new AssertionError("no queue here");
    }

    @Override
    public void unwatch(int serial, int queueFd) {
    }

    @Override
    public byte[] capabilities() {
        return new byte[2];
    }

    @Override
    public int addKey(String type, String description, byte[] payload, int keyring) {
        throw new AssertionError();
    }
}
