package org.watchtray.core.kerberos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed between two reads of the caches, as semantic changes (a new ticket, a renewed
 * one, one gone) rather than "something changed". A ticket missing from a cache that could not
 * be read this time is carried over unchanged, so a transient error never looks like kdestroy.
 */
final class TicketDiff {
    sealed interface Change {
    }

    /** A ticket where there was none, or a fresh one (new auth time) in a cache that had one. */
    record Acquired(Ticket ticket) implements Change {
    }

    /**
     * Same initial authentication time, other times: renewed. (A renewed TGT keeps its authtime
     * and even its INITIAL flag, so a second kinit within the same second as the first one is
     * indistinguishable and also counts as renewed; either way the earlier warnings are replaced.)
     */
    record Renewed(Ticket before, Ticket after) implements Change {
    }

    record Gone(Ticket ticket) implements Change {
    }

    record Result(Map<Ticket.Key, Ticket> current, List<Change> changes) {
    }

    private TicketDiff() {
    }

    static Result between(Map<Ticket.Key, Ticket> before, Inventory now) {
        Map<Ticket.Key, Ticket> current = new LinkedHashMap<>();
        for (Ticket t : now.tickets()) {
            current.put(t.key(), t);
        }
        List<Change> changes = new ArrayList<>();
        for (Ticket old : before.values()) {
            Ticket fresh = current.get(old.key());
            if (fresh == null) {
                if (knows(now, old)) {
                    changes.add(new Gone(old));
                } else {
                    current.put(old.key(), old);
                }
            } else if (!fresh.equals(old)) {
                changes.add(Objects.equals(fresh.authTime(), old.authTime()) ? new Renewed(old, fresh) : new Acquired(fresh));
            }
        }
        for (Ticket t : current.values()) {
            if (!before.containsKey(t.key())) {
                changes.add(new Acquired(t));
            }
        }
        return new Result(Map.copyOf(current), List.copyOf(changes));
    }

    /** Whether the walk of the ticket's collection read its cache reliably (a walk that stopped early knows nothing). */
    private static boolean knows(Inventory inventory, Ticket ticket) {
        return inventory.collections().stream()
                .filter(c -> c.collection().equals(ticket.collection()))
                .allMatch(c -> c.knowsAbout(ticket.cache()));
    }
}
