package org.watchtray.core.kerberos;

import java.util.Collection;
import java.util.List;

/**
 * One kind of change signal for credential caches: inotify for FILE and DIR caches, key
 * watches on a notification queue for KEYRING caches, an adaptive timer for KCM caches (which
 * no kernel interface can see). Each falls back to a stated timer where its mechanism is
 * missing. Runs on the backend thread; a signal makes the source re-read every cache.
 */
sealed interface CacheWatch extends AutoCloseable permits FileCacheWatch, KeyringCacheWatch, KcmCacheWatch {

    /**
     * Follows the caches just read (each strategy picks its own types from {@code locations}).
     * True when something is newly watched: it may have changed before its watch existed, so
     * the caller reads once more.
     */
    boolean follow(List<CacheLocation> locations, Collection<Ticket> tickets);

    /** Adds what this signal uses to the status's mechanisms, and what is wrong with it to its problems. */
    void describe(List<String> mechanisms, List<String> problems);

    @Override
    void close();
}
