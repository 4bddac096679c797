package org.watchtray.nativeaccess.keys;

import org.watchtray.core.keys.Keyctl;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.watchtray.core.keys.KeyDescription;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.Native;
import org.watchtray.nativeaccess.libc.SyscallNumber;

/** {@link Keyctl} through {@code syscall(SYS_keyctl, …)} and {@code syscall(SYS_add_key, …)}. */
public final class SyscallKeyctl implements Keyctl {

    // include/uapi/linux/keyctl.h
    static final int KEYCTL_GET_KEYRING_ID = 0;
    static final int KEYCTL_DESCRIBE = 6;
    static final int KEYCTL_READ = 11;
    static final int KEYCTL_GET_PERSISTENT = 22;
    static final int KEYCTL_CAPABILITIES = 31;
    static final int KEYCTL_WATCH_KEY = 32;

    private final Libc libc;

    public SyscallKeyctl(Libc libc) {
        this.libc = libc;
    }

    @Override
    public int resolve(int special, boolean create) throws OsException {
        return (int) keyctl("KEYCTL_GET_KEYRING_ID", Keyctl.name(special), KEYCTL_GET_KEYRING_ID, special, create ? 1 : 0, 0, 0);
    }

    @Override
    public KeyDescription describe(int serial) throws OsException {
        byte[] text = readGrowing("KEYCTL_DESCRIBE", KEYCTL_DESCRIBE, serial, 256);
        // The kernel counts the terminating NUL.
        int len = text.length > 0 && text[text.length - 1] == 0 ? text.length - 1 : text.length;
        String s = new String(text, 0, len, StandardCharsets.UTF_8);
        try {
            return KeyDescription.parse(s);
        } catch (IllegalArgumentException e) {
            throw new OsException("KEYCTL_DESCRIBE", Keyctl.name(serial) + " (" + e.getMessage() + ")", Errno.EPROTO, Native.strerror(Errno.EPROTO.code()));
        }
    }

    @Override
    public int[] readKeyring(int serial) throws OsException {
        byte[] raw = readGrowing("KEYCTL_READ", KEYCTL_READ, serial, 64 * Integer.BYTES);
        int[] serials = new int[raw.length / Integer.BYTES];
        MemorySegment s = MemorySegment.ofArray(raw);
        for (int i = 0; i < serials.length; i++) {
            serials[i] = s.get(JAVA_INT.withByteAlignment(1), (long) i * Integer.BYTES);
        }
        return serials;
    }

    @Override
    public int persistentKeyring(int destination) throws OsException {
        return (int) keyctl("KEYCTL_GET_PERSISTENT", "own uid into " + Keyctl.name(destination), KEYCTL_GET_PERSISTENT, -1, destination, 0, 0);
    }

    @Override
    public void watch(int serial, int queueFd, int watchId) throws OsException {
        if (watchId < 0 || watchId > 255) {
            throw new IllegalArgumentException("watch ID " + watchId + " outside 0..255");
        }
        keyctl("KEYCTL_WATCH_KEY", Keyctl.name(serial), KEYCTL_WATCH_KEY, serial, queueFd, watchId, 0);
    }

    @Override
    public void unwatch(int serial, int queueFd) throws OsException {
        keyctl("KEYCTL_WATCH_KEY", Keyctl.name(serial) + " (removing the watch)", KEYCTL_WATCH_KEY, serial, queueFd, -1, 0);
    }

    @Override
    public byte[] capabilities() throws OsException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(16);
            long n = keyctl("KEYCTL_CAPABILITIES", "", KEYCTL_CAPABILITIES, buf.address(), buf.byteSize(), 0, 0);
            return buf.asSlice(0, Math.min(n, buf.byteSize())).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        }
    }

    @Override
    public int addKey(String type, String description, byte[] payload, int keyring) throws OsException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocateFrom(type);
            MemorySegment d = arena.allocateFrom(description);
            MemorySegment p = arena.allocate(Math.max(1, payload.length));
            MemorySegment.copy(payload, 0, p, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, payload.length);
            return (int) syscall("add_key", type + " " + org.watchtray.core.event.Text.quote(description) + " in " + Keyctl.name(keyring),
                    SyscallNumber.ADD_KEY.number(), t.address(), d.address(), p.address(), payload.length, keyring);
        }
    }

    /** Calls a keyctl that fills a buffer and returns the full size; retries with the size it asked for. */
    private byte[] readGrowing(String op, int command, int serial, int initial) throws OsException {
        long size = initial;
        try (Arena arena = Arena.ofConfined()) {
            while (true) {
                MemorySegment buf = arena.allocate(size);
                long needed = keyctl(op, Keyctl.name(serial), command, serial, buf.address(), size, 0);
                if (needed <= size) {
                    return buf.asSlice(0, needed).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                }
                size = needed; // the key grew or the first guess was short: ask again
            }
        }
    }

    private long keyctl(String op, String context, long command, long a2, long a3, long a4, long a5) throws OsException {
        return syscall(op, context, SyscallNumber.KEYCTL.number(), command, a2, a3, a4, a5);
    }

    /** The raw syscall, its failure renamed after the operation so the message says what was attempted. */
    private long syscall(String op, String context, long number, long a1, long a2, long a3, long a4, long a5) throws OsException {
        try {
            return libc.syscall(number, a1, a2, a3, a4, a5, context);
        } catch (OsException e) {
            throw e.renamed(op, context, Native.strerror(e.code()));
        }
    }
}
