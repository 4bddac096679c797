package org.watchtray.nativeaccess.kerberos;


import org.watchtray.core.kerberos.Inventory;
import org.watchtray.core.kerberos.Krb5Exception;
import org.watchtray.core.kerberos.RenewResult;
import org.watchtray.core.kerberos.Ticket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Renews a ticket-granting ticket with libkrb5 and stores it back, the way {@code kinit -R}
 * does: {@code krb5_get_renewed_creds}, then {@code krb5_cc_initialize} + {@code krb5_cc_store_cred}
 * into a new MEMORY cache, then {@code krb5_cc_move} onto the real cache. The move replaces a
 * FILE/DIR cache by rename (atomically), so a reader never sees it empty in between, which
 * would look like a kdestroy followed by a kinit.
 *
 * <p>Safe to call from any thread: every call opens its own context. It blocks while the KDC
 * answers, so call it off the UI and backend threads.
 */
public final class TicketRenewer {
    private final TicketReader reader;
    private final Clock clock;

    public TicketRenewer(TicketReader reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    /**
     * Renews the ticket of {@code principalOrNull} (as typed: "alice" gets the default realm),
     * or of the default cache when null. With several caches for one principal, the renewable
     * one that ends last is chosen.
     */
    public RenewResult renew(String principalOrNull) {
        Krb5Functions krb5 = reader.krb5();
        try (Krb5Session session = Krb5Session.open(krb5, reader.environment())) {
            Inventory inventory = reader.read(session);
            Instant now = clock.instant();
            Optional<Ticket> chosen;
            if (principalOrNull == null) {
                chosen = inventory.tickets().stream().filter(t -> t.cache().equals(inventory.defaultCache())).findFirst();
                if (chosen.isEmpty() && inventory.tickets().size() == 1) {
                    chosen = Optional.of(inventory.tickets().getFirst());
                }
                if (chosen.isEmpty()) {
                    return new RenewResult.NoTicket(null, inventory.tickets().isEmpty()
                            ? "no ticket-granting ticket in " + describe(inventory)
                            : "the default cache " + inventory.defaultCache() + " holds none; name the principal");
                }
            } else {
                String wanted = canonical(session, principalOrNull);
                List<Ticket> matching = inventory.tickets().stream().filter(t -> t.principal().equals(wanted)).toList();
                if (matching.isEmpty()) {
                    return new RenewResult.NoTicket(principalOrNull, "no ticket-granting ticket for " + wanted + " in " + describe(inventory));
                }
                chosen = matching.stream()
                        .max(Comparator.comparing((Ticket t) -> t.renewable(now)).thenComparing(Ticket::endTime));
            }
            return renew(session, chosen.orElseThrow(), now);
        } catch (Krb5Exception e) {
            return new RenewResult.NoTicket(principalOrNull, e.libraryMessage());
        }
    }

    /** Renews exactly this ticket in its cache (automatic renewal uses it). */
    public RenewResult renewTicket(Ticket ticket) {
        try (Krb5Session session = Krb5Session.open(reader.krb5(), reader.environment())) {
            return renew(session, ticket, clock.instant());
        } catch (Krb5Exception e) {
            return new RenewResult.Failed(ticket, e.libraryMessage());
        }
    }

    private RenewResult renew(Krb5Session session, Ticket ticket, Instant now) {
        Optional<String> why = ticket.whyNotRenewable(now);
        if (why.isPresent()) {
            return new RenewResult.NotRenewable(ticket, why.get());
        }
        Krb5Functions krb5 = session.krb5();
        MemorySegment ctx = session.context();
        try {
            MemorySegment cache = krb5.krb5_cc_resolve(ctx, ticket.cache());
            try {
                MemorySegment client = krb5.krb5_cc_get_principal(ctx, cache);
                try {
                    store(session, cache, client);
                } finally {
                    krb5.krb5_free_principal(ctx, client);
                }
            } finally {
                krb5.krb5_cc_close(ctx, cache);
            }
            Optional<Ticket> after = reader.readCache(session, ticket.cache(), ticket.collection());
            if (after.isEmpty()) {
                return new RenewResult.Failed(ticket, "the renewed ticket is not in " + ticket.cache() + " afterwards");
            }
            return new RenewResult.Renewed(ticket, after.get());
        } catch (Krb5Exception e) {
            return new RenewResult.Failed(ticket, e.libraryMessage());
        }
    }

    private static void store(Krb5Session session, MemorySegment cache, MemorySegment client) throws Krb5Exception {
        Krb5Functions krb5 = session.krb5();
        MemorySegment ctx = session.context();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment creds = arena.allocate(Krb5Structs.KRB5_CREDS);
            krb5.krb5_get_renewed_creds(ctx, creds, client, cache, null);
            try {
                MemorySegment staging = krb5.krb5_cc_new_unique(ctx, "MEMORY");
                boolean moved = false;
                try {
                    krb5.krb5_cc_initialize(ctx, staging, client);
                    krb5.krb5_cc_store_cred(ctx, staging, creds);
                    krb5.krb5_cc_move(ctx, staging, cache); // destroys (and frees) staging on success
                    moved = true;
                } finally {
                    if (!moved) {
                        destroyQuietly(krb5, ctx, staging);
                    }
                }
            } finally {
                krb5.krb5_free_cred_contents(ctx, creds);
            }
        }
    }

    private static void destroyQuietly(Krb5Functions krb5, MemorySegment ctx, MemorySegment cache) {
        try {
            krb5.krb5_cc_destroy(ctx, cache);
        } catch (Krb5Exception ignored) {
            // A MEMORY cache that cannot be destroyed is freed with the context anyway.
        }
    }

    /** "alice" → "alice@DEFAULT.REALM", as libkrb5 parses it. */
    private static String canonical(Krb5Session session, String principal) throws Krb5Exception {
        Krb5Functions krb5 = session.krb5();
        MemorySegment p = krb5.krb5_parse_name(session.context(), principal);
        try {
            return krb5.krb5_unparse_name(session.context(), p);
        } finally {
            krb5.krb5_free_principal(session.context(), p);
        }
    }

    private static String describe(Inventory inventory) {
        return String.join(", ", inventory.collectionNames());
    }
}
