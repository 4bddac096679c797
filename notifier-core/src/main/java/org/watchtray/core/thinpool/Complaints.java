package org.watchtray.core.thinpool;

import java.util.HashMap;
import java.util.Map;
import org.watchtray.core.os.OsException;

/**
 * What went wrong last per pool, device or signal, logged once until it works again: a pool
 * read at every look must not log at every look. Backend thread only.
 */
final class Complaints {
    private static final System.Logger LOG = System.getLogger(ThinPoolSource.class.getName());

    private final Map<String, String> problems = new HashMap<>();

    /** Logs {@code what} (and {@code e}'s message) unless it is what {@code key} last complained of. */
    void complain(String key, String what, OsException e) {
        String problem = what + (e == null ? "" : ": " + e.getMessage());
        if (!problem.equals(problems.put(key, problem))) {
            LOG.log(System.Logger.Level.WARNING, problem);
        }
    }

    /** {@code key} works again: its next problem is logged. */
    void solved(String key) {
        problems.remove(key);
    }

    /** A pool went: its own problems and those of its data and metadata devices. */
    void forget(String pool, KnownDevice k) {
        problems.keySet().removeIf(key -> key.equals(pool) || key.equals(k.dataDevice()) || key.equals(k.metadataDevice()));
    }
}
