package org.watchtray.nativeaccess.kerberos;

import org.watchtray.core.kerberos.Krb5Errors;
import org.watchtray.core.kerberos.CollectionScan;
import org.watchtray.core.kerberos.Inventory;
import org.watchtray.core.kerberos.Krb5Exception;
import org.watchtray.core.kerberos.Ticket;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.watchtray.core.settings.Environment;

/**
 * Reads every ticket-granting ticket in the default ccache collection and in any extra
 * collections through libkrb5 ({@code krb5_cccol_cursor_*}, {@code krb5_cc_next_cred}); cache
 * files are never parsed here. A fresh context per read picks up krb5.conf edits and keeps the
 * context on the calling thread.
 */
public final class TicketReader {
    private static final byte[] KRBTGT = "krbtgt".getBytes(StandardCharsets.US_ASCII);

    private final Krb5Functions krb5;
    private final Environment environment;
    private final List<String> extraCollections;

    /**
     * @param extraCollections collections to read besides the default one (e.g. "KEYRING:persistent:1000",
     *                         "KCM:"), because a collection cursor only walks the default name's collection
     */
    public TicketReader(Krb5Functions krb5, Environment environment, List<String> extraCollections) {
        this.krb5 = krb5;
        this.environment = environment;
        this.extraCollections = List.copyOf(extraCollections);
    }

    public Krb5Functions krb5() {
        return krb5;
    }

    public Environment environment() {
        return environment;
    }

    /** Reads everything; only a context that cannot be created at all (a broken krb5.conf) throws. */
    public Inventory read() throws Krb5Exception {
        try (Krb5Session session = Krb5Session.open(krb5, environment)) {
            return read(session);
        }
    }

    Inventory read(Krb5Session session) {
        String defaultCache = defaultCache(session);
        Set<String> seen = new HashSet<>();
        List<CollectionScan> scans = new ArrayList<>();
        for (String collection : collectionNames(session)) {
            scans.add(scan(session, collection, seen));
        }
        return new Inventory(defaultCache, scans);
    }

    /** The default name first, then the extra ones, without repeats. */
    List<String> collectionNames(Krb5Session session) {
        Set<String> names = new LinkedHashSet<>();
        if (!session.defaultName().isBlank()) {
            names.add(session.defaultName());
        }
        for (String extra : extraCollections) {
            if (!extra.isBlank()) {
                names.add(extra.strip());
            }
        }
        return List.copyOf(names);
    }

    private String defaultCache(Krb5Session session) {
        MemorySegment ctx = session.context();
        try {
            MemorySegment cache = krb5.krb5_cc_default(ctx);
            try {
                return krb5.krb5_cc_get_full_name(ctx, cache);
            } finally {
                krb5.krb5_cc_close(ctx, cache);
            }
        } catch (Krb5Exception e) {
            return "";
        }
    }

    private CollectionScan scan(Krb5Session session, String collection, Set<String> seen) {
        MemorySegment ctx = session.context();
        List<Ticket> tickets = new ArrayList<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        try {
            // The cursor silently walks nothing for a type this libkrb5 lacks: resolving says so.
            krb5.krb5_cc_close(ctx, krb5.krb5_cc_resolve(ctx, collection));
            session.useDefaultName(collection);
            MemorySegment cursor = krb5.krb5_cccol_cursor_new(ctx);
            try {
                MemorySegment cache;
                while (!(cache = krb5.krb5_cccol_cursor_next(ctx, cursor)).equals(MemorySegment.NULL)) {
                    try {
                        String name = krb5.krb5_cc_get_full_name(ctx, cache);
                        if (seen.add(name)) {
                            try {
                                readTgt(session, cache, name, collection).ifPresent(tickets::add);
                            } catch (Krb5Exception e) {
                                unreadable.put(name, e.getMessage());
                            }
                        }
                    } finally {
                        krb5.krb5_cc_close(ctx, cache);
                    }
                }
            } finally {
                krb5.krb5_cccol_cursor_free(ctx, cursor);
            }
            return new CollectionScan(collection, tickets, unreadable, Optional.empty());
        } catch (Krb5Exception e) {
            return new CollectionScan(collection, tickets, unreadable, Optional.of(e.getMessage()));
        }
    }

    /** Resolves one cache by its full name and reads its TGT (empty when there is none). */
    Optional<Ticket> readCache(Krb5Session session, String cacheName, String collection) throws Krb5Exception {
        MemorySegment ctx = session.context();
        MemorySegment cache = krb5.krb5_cc_resolve(ctx, cacheName);
        try {
            return readTgt(session, cache, krb5.krb5_cc_get_full_name(ctx, cache), collection);
        } finally {
            krb5.krb5_cc_close(ctx, cache);
        }
    }

    /**
     * The cache's TGT: the credential whose server is krbtgt/REALM@REALM for the client's realm,
     * skipping configuration entries; the latest-ending one if a cache holds several.
     */
    private Optional<Ticket> readTgt(Krb5Session session, MemorySegment cache, String cacheName, String collection) throws Krb5Exception {
        MemorySegment ctx = session.context();
        MemorySegment client;
        try {
            client = krb5.krb5_cc_get_principal(ctx, cache);
        } catch (Krb5Exception e) {
            if (Krb5Errors.meansNoCache(e.code())) {
                return Optional.empty(); // initialized-but-empty or just removed: no ticket, not a fault
            }
            throw e;
        }
        try {
            String principal = krb5.krb5_unparse_name(ctx, client);
            byte[] realm = realm(client);
            String type = krb5.krb5_cc_get_type(ctx, cache);
            Ticket best = null;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment cursor = arena.allocate(ADDRESS);
                MemorySegment creds = arena.allocate(Krb5Structs.KRB5_CREDS);
                try {
                    krb5.krb5_cc_start_seq_get(ctx, cache, cursor);
                } catch (Krb5Exception e) {
                    if (Krb5Errors.meansNoCache(e.code())) {
                        return Optional.empty();
                    }
                    throw e;
                }
                try {
                    while (krb5.krb5_cc_next_cred(ctx, cache, cursor, creds)) {
                        try {
                            MemorySegment server = creds.get(ADDRESS, Krb5Structs.CREDS_SERVER);
                            if (!krb5.krb5_is_config_principal(ctx, server) && isTgtOf(server, realm)) {
                                Ticket t = ticket(principal, cacheName, type, collection, creds);
                                if (best == null || t.endTime().isAfter(best.endTime())) {
                                    best = t;
                                }
                            }
                        } finally {
                            krb5.krb5_free_cred_contents(ctx, creds);
                        }
                    }
                } finally {
                    krb5.krb5_cc_end_seq_get(ctx, cache, cursor);
                }
            }
            return Optional.ofNullable(best);
        } finally {
            krb5.krb5_free_principal(ctx, client);
        }
    }

    private static Ticket ticket(String principal, String cache, String type, String collection, MemorySegment creds) {
        Instant auth = timestamp(creds.get(JAVA_INT, Krb5Structs.CREDS_AUTHTIME));
        int start = creds.get(JAVA_INT, Krb5Structs.CREDS_STARTTIME);
        int renewTill = creds.get(JAVA_INT, Krb5Structs.CREDS_RENEW_TILL);
        return new Ticket(principal, cache, type, collection, auth,
                start == 0 ? auth : timestamp(start), // starttime 0 means "same as authtime"
                timestamp(creds.get(JAVA_INT, Krb5Structs.CREDS_ENDTIME)),
                renewTill == 0 ? null : timestamp(renewTill),
                creds.get(JAVA_INT, Krb5Structs.CREDS_TICKET_FLAGS));
    }

    /** krb5_timestamp is a signed 32-bit field read as unsigned, so it lasts until 2106 (MIT's y2038 note). */
    static Instant timestamp(int value) {
        return Instant.ofEpochSecond(Integer.toUnsignedLong(value));
    }

    private static byte[] realm(MemorySegment principal) {
        MemorySegment p = principal.reinterpret(Krb5Structs.KRB5_PRINCIPAL_DATA.byteSize());
        return data(p.asSlice(Krb5Structs.PRINCIPAL_REALM, Krb5Structs.KRB5_DATA.byteSize()));
    }

    /** krbtgt/REALM@REALM: two components, "krbtgt" and the client's realm, in the client's realm. */
    private static boolean isTgtOf(MemorySegment server, byte[] clientRealm) {
        if (server.equals(MemorySegment.NULL)) {
            return false;
        }
        MemorySegment p = server.reinterpret(Krb5Structs.KRB5_PRINCIPAL_DATA.byteSize());
        if (p.get(JAVA_INT, Krb5Structs.PRINCIPAL_LENGTH) != 2) {
            return false;
        }
        long size = Krb5Structs.KRB5_DATA.byteSize();
        MemorySegment components = p.get(ADDRESS, Krb5Structs.PRINCIPAL_DATA).reinterpret(2 * size);
        return Arrays.equals(data(components.asSlice(0, size)), KRBTGT)
                && Arrays.equals(data(components.asSlice(size, size)), clientRealm)
                && Arrays.equals(data(p.asSlice(Krb5Structs.PRINCIPAL_REALM, size)), clientRealm);
    }

    /** The bytes a krb5_data points to. */
    private static byte[] data(MemorySegment krb5Data) {
        int length = krb5Data.get(JAVA_INT, Krb5Structs.KRB5_DATA_LENGTH);
        if (length <= 0) {
            return new byte[0];
        }
        return krb5Data.get(ADDRESS, Krb5Structs.KRB5_DATA_DATA).reinterpret(length).toArray(JAVA_BYTE);
    }
}
