package org.watchtray.core.kerberos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.watchtray.core.event.Durations;
import org.watchtray.core.keys.KeyDescription;
import org.watchtray.core.keys.Keyctl;
import org.watchtray.core.keys.NotificationQueue;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.core.source.SourceContext;

/**
 * The change signal for KEYRING caches: KEYCTL_WATCH_KEY on a kernel notification queue for
 * the anchor keyring (the collection appears), the collection keyring (caches are linked and
 * unlinked: kinit, kdestroy) and each cache keyring (credentials stored: renewal). Any record,
 * a loss record included, means "re-read"; the records themselves are the keys source's
 * business. Watches are re-planned after every read, so new caches are watched too. Where the
 * kernel has no queue, a re-read on the keys source's /proc/keys interval, stated in the status.
 */
final class KeyringCacheWatch implements CacheWatch {
    /** The watch ID our records carry (any 0..255 value; the queue is ours alone). */
    private static final int WATCH_ID = 0x4b;
    private static final int QUEUE_NOTES = 64;

    private final Keyctl keyctl;
    private final NotificationQueue queue;
    private SourceContext.Registration registration;
    private final RereadTimer fallback;
    private final String unavailable;
    private final Duration fallbackInterval;
    private final byte[] buffer = new byte[4096];
    private final Set<Integer> watched = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();
    private boolean anyKeyringCache;

    private KeyringCacheWatch(Keyctl keyctl, NotificationQueue queue, RereadTimer fallback, String unavailable, Duration fallbackInterval) {
        this.keyctl = keyctl;
        this.queue = queue;
        this.fallback = fallback;
        this.unavailable = unavailable;
        this.fallbackInterval = fallbackInterval;
    }

    /** A queue of its own, or where the kernel has none a re-read every {@code fallbackInterval}. */
    static KeyringCacheWatch start(SourceContext context, Keyctl keyctl, NotificationQueue.Opener queues, Duration fallbackInterval,
                                   Runnable reread) {
        NotificationQueue queue;
        try {
            queue = queues.open();
        } catch (OsException e) {
            return fallback(context, keyctl, e.errno() == Errno.ENOPKG
                    ? NotificationQueue.NO_WATCH_QUEUE
                    : "the notification queue is unavailable (" + e.getMessage() + ")", fallbackInterval, reread);
        }
        try {
            queue.setSize(QUEUE_NOTES);
        } catch (OsException e) {
            queue.close();
            return fallback(context, keyctl, "the notification queue is unavailable (" + e.getMessage() + ")", fallbackInterval, reread);
        }
        KeyringCacheWatch w = new KeyringCacheWatch(keyctl, queue, null, null, fallbackInterval);
        w.registration = context.watch(queue.fd(), SourceContext.READABLE, events -> {
            if (w.drain()) {
                reread.run();
            }
        });
        return w;
    }

    private static KeyringCacheWatch fallback(SourceContext context, Keyctl keyctl, String why, Duration interval, Runnable reread) {
        return new KeyringCacheWatch(keyctl, null, RereadTimer.start(context, interval, reread), why, interval);
    }

    /**
     * Watches the anchor, collection and cache keyrings of the KEYRING collections and drops
     * watches no longer needed. True when a keyring was newly watched: it may have changed
     * before its watch existed (kinit links a new cache, then stores into it).
     */
    @Override
    public boolean follow(List<CacheLocation> locations, Collection<Ticket> tickets) {
        List<CacheLocation.Keyring> collections = locations.stream()
                .filter(l -> l instanceof CacheLocation.Keyring).map(l -> (CacheLocation.Keyring) l).toList();
        anyKeyringCache = !collections.isEmpty();
        if (queue == null) {
            return false;
        }
        problems.clear();
        Set<Integer> wanted = keyrings(collections);
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

    /** The anchor, collection and cache keyrings of these collections; one that cannot be resolved is a problem. */
    private Set<Integer> keyrings(List<CacheLocation.Keyring> collections) {
        Set<Integer> wanted = new LinkedHashSet<>();
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
        return wanted;
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
    private boolean drain() throws OsException {
        boolean any = false;
        while (queue.readOrAgain(buffer) > 0) {
            any = true;
        }
        return any;
    }

    @Override
    public void describe(List<String> mechanisms, List<String> reasons) {
        if (queue != null) {
            // Not the serials: they change with every new cache, the mechanism does not.
            mechanisms.add("KEYRING caches watched on the notification queue (KEYCTL_WATCH_KEY)");
            reasons.addAll(problems);
        } else if (anyKeyringCache) {
            mechanisms.add("KEYRING caches re-read every " + Durations.humanize(fallbackInterval));
            reasons.add("KEYRING caches have no change signal: " + unavailable);
        }
    }

    @Override
    public void close() {
        if (registration != null) {
            registration.close();
        }
        if (queue != null) {
            queue.close(); // closing the queue removes its watches
        }
        if (fallback != null) {
            fallback.close();
        }
    }
}
