package org.watchtray.core.kerberos;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one walk of a ccache collection found.
 *
 * @param collection the name the walk started from ("DIR:/run/user/1000/krb5cc", "KEYRING:persistent:1000")
 * @param tickets    one TGT per cache that holds one
 * @param unreadable caches that exist but could not be read, with the reason (their tickets are unknown, not gone)
 * @param problem    why the walk stopped early (then every ticket of the collection is unknown), or empty
 */
public record CollectionScan(String collection, List<Ticket> tickets, Map<String, String> unreadable, Optional<String> problem) {
    public CollectionScan {
        tickets = List.copyOf(tickets);
        unreadable = Map.copyOf(unreadable);
    }

    /** Whether a ticket that was in {@code cache} and is missing now is really gone. */
    public boolean knowsAbout(String cache) {
        return problem.isEmpty() && !unreadable.containsKey(cache);
    }
}
