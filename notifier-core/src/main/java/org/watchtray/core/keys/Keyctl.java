package org.watchtray.core.keys;

import org.watchtray.core.os.OsException;

/**
 * The keyctl(2) / add_key(2) operations watchtray needs (include/uapi/linux/keyctl.h). Every
 * failure is a {@link OsException} naming the operation and the key:
 * "KEYCTL_WATCH_KEY on keyring 1234: EACCES, Permission denied".
 */
public interface Keyctl {
    // Special keyring serials (KEY_SPEC_*).
    int THREAD_KEYRING = -1;
    int PROCESS_KEYRING = -2;
    int SESSION_KEYRING = -3;
    int USER_KEYRING = -4;
    int USER_SESSION_KEYRING = -5;

    /** KEYCTL_CAPS0/1 bits of {@link #capabilities()}: byte 1, bit 0x04 = key notifications. */
    int CAPS1_NOTIFICATIONS = 0x04;

    /** The real keyring ID behind a special serial (KEYCTL_GET_KEYRING_ID); {@code create} makes it if missing. */
    int resolve(int special, boolean create) throws OsException;

    /** KEYCTL_DESCRIBE: type, owner, permissions and description. */
    KeyDescription describe(int serial) throws OsException;

    /** KEYCTL_READ on a keyring: the serials it links, in the kernel's order. */
    int[] readKeyring(int serial) throws OsException;

    /**
     * KEYCTL_GET_PERSISTENT for the caller's uid, linked into {@code destination}; returns its
     * serial. Pass a real serial: a special one is looked up with "create", so "@s" in a process
     * without a session keyring would give this thread a new, empty session keyring.
     */
    int persistentKeyring(int destination) throws OsException;

    /** KEYCTL_WATCH_KEY with a watch ID 0..255 whose records carry that ID. */
    void watch(int serial, int queueFd, int watchId) throws OsException;

    /** KEYCTL_WATCH_KEY with ID -1: removes the watch of {@code serial} on that queue. */
    void unwatch(int serial, int queueFd) throws OsException;

    /** KEYCTL_CAPABILITIES: the kernel's feature bytes. */
    byte[] capabilities() throws OsException;

    /** add_key(2): creates or updates a key in {@code keyring}; returns its serial. */
    int addKey(String type, String description, byte[] payload, int keyring) throws OsException;

    /** "session", "user", "123" … for messages. */
    static String name(int serial) {
        return switch (serial) {
            case THREAD_KEYRING -> "thread keyring";
            case PROCESS_KEYRING -> "process keyring";
            case SESSION_KEYRING -> "session keyring";
            case USER_KEYRING -> "user keyring";
            case USER_SESSION_KEYRING -> "user-session keyring";
            default -> "key " + serial;
        };
    }
}
