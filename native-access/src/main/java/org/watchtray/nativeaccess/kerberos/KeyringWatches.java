package org.watchtray.nativeaccess.kerberos;

import org.watchtray.nativeaccess.keys.SyscallKeyctl;
import org.watchtray.nativeaccess.kerberos.CacheLocation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.watchtray.core.keys.KeyDescription;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.core.keys.Keyctl;
import org.watchtray.nativeaccess.keys.WatchQueue;
import org.watchtray.nativeaccess.libc.Libc;

/**
 * The change signal for KEYRING caches: KEYCTL_WATCH_KEY on a kernel notification queue for the
 * anchor keyring (the collection appears), the collection keyring (caches are linked and
 * unlinked: kinit, kdestroy) and each cache keyring (credentials stored: renewal). Any record,
 * a loss record included, means "re-read"; the records themselves are the keys source's
 * business. Watches are re-planned after every re-read, so new caches are watched too.
 */
final class KeyringWatches implements AutoCloseable {
    /** The watch ID our records carry (any 0..255 value; the queue is ours alone). */
    private static final int WATCH_ID = 0x4b;
    private static final int QUEUE_NOTES = 64;

    private final Keyctl keyctl;
    private final WatchQueue queue;
    private final byte[] buffer = new byte[4096];
    private final Set<Integer> watched = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();
    private boolean closed;

    private KeyringWatches(Keyctl keyctl, WatchQueue queue) {
        this.keyctl = keyctl;
        this.queue = queue;
    }

    /** Opens the queue; a kernel without CONFIG_WATCH_QUEUE throws (ENOPKG), see {@link #whyUnavailable}. */
    static KeyringWatches open(org.watchtray.nativeaccess.libc.LinuxLibc libc) throws OsException {
        WatchQueue queue = WatchQueue.open(libc);
        try {
            queue.setSize(QUEUE_NOTES);
            return new KeyringWatches(new SyscallKeyctl(libc), queue);
        } catch (OsException | RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    /** Why KEYRING caches get no change signal, from the failure of {@link #open}. */
    static String whyUnavailable(OsException e) {
        return e.errno() == Errno.ENOPKG
                ? "kernel lacks CONFIG_WATCH_QUEUE (pipe2 returned ENOPKG)"
                : "the notification queue is unavailable (" + e.getMessage() + ")";
    }

    int fd() {
        return queue.fd();
    }

    /**
     * Watches the anchor, collection and cache keyrings of these collections and drops watches
     * no longer needed. True when a keyring was newly watched: it may have changed before its
     * watch existed (kinit links a new cache, then stores into it), so the caller re-reads.
     */
    boolean retarget(List<CacheLocation.Keyring> collections) {
        Set<Integer> wanted = new LinkedHashSet<>();
        problems.clear();
        for (CacheLocation.Keyring k : collections) {
            try {
                int anchor = anchor(k);
                wanted.add(anchor);
                for (int collection : children(anchor, k.collectionKeyringName())) {
                    wanted.add(collection);
                    wanted.addAll(children(collection, null));
                }
            } catch (OsException | IllegalArgumentException e) {
                problems.add("KEYRING:" + k.residual() + ": " + e.getMessage());
            }
        }
        Set<Integer> now = new LinkedHashSet<>();
        for (int serial : wanted) {
            if (watched.contains(serial) || watch(serial)) {
                now.add(serial);
            }
        }
        for (int serial : watched) {
            if (!now.contains(serial)) {
                try {
                    keyctl.unwatch(serial, queue.fd());
                } catch (OsException alreadyGone) {
                    // The key was destroyed, which removed its watch.
                }
            }
        }
        boolean added = !watched.containsAll(now);
        watched.clear();
        watched.addAll(now);
        return added;
    }

    private boolean watch(int serial) {
        try {
            keyctl.watch(serial, queue.fd(), WATCH_ID);
            return true;
        } catch (OsException e) {
            if (e.errno() == Errno.EBUSY) {
                return true; // already watched on this queue
            }
            problems.add(e.getMessage());
            return false;
        }
    }

    /** The anchor keyring's serial, resolved without creating it (libkrb5 creates what it needs when writing). */
    private int anchor(CacheLocation.Keyring k) throws OsException {
        return switch (k.anchor()) {
            case "session", "legacy" -> keyctl.resolve(Keyctl.SESSION_KEYRING, false);
            case "user" -> keyctl.resolve(Keyctl.USER_KEYRING, false);
            case "process" -> keyctl.resolve(Keyctl.PROCESS_KEYRING, false);
            case "thread" -> keyctl.resolve(Keyctl.THREAD_KEYRING, false);
            // Linked into the process keyring, as libkrb5 itself does, to possess it.
            case "persistent" -> keyctl.persistentKeyring(Keyctl.PROCESS_KEYRING);
            default -> throw new IllegalArgumentException("unknown keyring anchor \"" + k.anchor() + "\"");
        };
    }

    /** The keyrings linked from {@code keyring}, all of them or those with {@code description}. */
    private List<Integer> children(int keyring, String description) throws OsException {
        List<Integer> found = new ArrayList<>();
        for (int serial : keyctl.readKeyring(keyring)) {
            try {
                KeyDescription d = keyctl.describe(serial);
                if (d.type().equals("keyring") && (description == null || d.description().equals(description))) {
                    found.add(serial);
                }
            } catch (OsException vanishedOrHidden) {
                // Unlinked meanwhile (its unlink is a record that triggers the next re-read) or not viewable.
            }
        }
        return found;
    }

    /** Reads everything queued; true when anything arrived (a change or a loss record). */
    boolean drain() throws OsException {
        boolean any = false;
        while (queue.readOrAgain(buffer) > 0) {
            any = true;
        }
        return any;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            queue.close(); // closing the queue removes its watches
        }
    }
}
