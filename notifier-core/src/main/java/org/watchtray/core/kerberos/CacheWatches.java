package org.watchtray.core.kerberos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.watchtray.core.keys.Keyctl;
import org.watchtray.core.keys.NotificationQueue;
import org.watchtray.core.os.Libc;
import org.watchtray.core.source.SourceContext;

/**
 * The change signals for the collections being read: one {@link CacheWatch} per kind of cache
 * present (files, keyrings, KCM), each started the first time its kind appears and kept until
 * the source closes.
 */
final class CacheWatches implements AutoCloseable {
    /** What the strategies are built from. */
    record Kernel(Libc libc, Keyctl keyctl, NotificationQueue.Opener queues) {
    }

    private final SourceContext context;
    private final Kernel kernel;
    private final Duration fallbackInterval;
    private final Runnable reread;
    private List<String> collections = List.of();
    private List<CacheLocation> locations = List.of();
    private FileCacheWatch files;
    private KeyringCacheWatch keyrings;
    private KcmCacheWatch kcm;

    /**
     * @param fallbackInterval how often caches whose signal is missing are re-read (the keys source's
     *                         /proc/keys interval)
     * @param reread           re-reads every cache: what each signal triggers
     */
    CacheWatches(SourceContext context, Kernel kernel, Duration fallbackInterval, Runnable reread) {
        this.context = context;
        this.kernel = kernel;
        this.fallbackInterval = fallbackInterval;
        this.reread = reread;
    }

    /** The collections read, as named ("DIR:/run/user/1000/krb5cc", "KCM:"). */
    List<String> collections() {
        return collections;
    }

    /** After each read: starts the signals new kinds of cache need, then lets each follow; true when a read should follow. */
    boolean follow(List<String> names, Collection<Ticket> tickets) {
        if (!names.equals(collections)) {
            collections = List.copyOf(names);
            locations = names.stream().map(CacheLocation::parse).toList();
            start();
        }
        boolean again = false;
        for (CacheWatch w : watches()) {
            again |= w.follow(locations, tickets);
        }
        return again;
    }

    private void start() {
        if (files == null && locations.stream().anyMatch(l -> l instanceof CacheLocation.FileCache
                || l instanceof CacheLocation.DirCollection || l instanceof CacheLocation.DirSubsidiary)) {
            files = FileCacheWatch.start(context, kernel.libc(), fallbackInterval, reread);
        }
        if (keyrings == null && locations.stream().anyMatch(l -> l instanceof CacheLocation.Keyring)) {
            keyrings = KeyringCacheWatch.start(context, kernel.keyctl(), kernel.queues(), fallbackInterval, reread);
        }
        if (kcm == null && locations.stream().anyMatch(l -> l instanceof CacheLocation.Kcm)) {
            kcm = new KcmCacheWatch(context, reread);
        }
    }

    /** In the order the status lists them. */
    private List<CacheWatch> watches() {
        List<CacheWatch> w = new ArrayList<>(3);
        for (CacheWatch c : new CacheWatch[] {files, keyrings, kcm}) {
            if (c != null) {
                w.add(c);
            }
        }
        return w;
    }

    void describe(List<String> mechanisms, List<String> reasons) {
        watches().forEach(w -> w.describe(mechanisms, reasons));
        locations.stream().filter(l -> l instanceof CacheLocation.Other).map(l -> (CacheLocation.Other) l)
                .forEach(o -> reasons.add(o.type() + " caches are not watched (only this process could change them)"));
    }

    @Override
    public void close() {
        watches().forEach(CacheWatch::close);
    }
}
