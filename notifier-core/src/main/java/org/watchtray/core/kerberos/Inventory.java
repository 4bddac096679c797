package org.watchtray.core.kerberos;

import java.util.List;
import java.util.stream.Stream;

/**
 * Every collection watchtray reads and the tickets in it.
 *
 * @param defaultCache the full name of the default (primary) cache, or "" when it cannot be resolved
 */
public record Inventory(String defaultCache, List<CollectionScan> collections) {
    public Inventory {
        collections = List.copyOf(collections);
    }

    public List<Ticket> tickets() {
        return collections.stream().flatMap(c -> c.tickets().stream()).toList();
    }

    public List<String> collectionNames() {
        return collections.stream().map(CollectionScan::collection).toList();
    }

    public Stream<String> problems() {
        return collections.stream().flatMap(c -> Stream.concat(
                c.problem().stream().map(p -> c.collection() + ": " + p),
                c.unreadable().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())));
    }
}
