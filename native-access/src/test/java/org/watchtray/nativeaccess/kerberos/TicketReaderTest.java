package org.watchtray.nativeaccess.kerberos;

import org.watchtray.core.kerberos.Krb5Errors;
import org.watchtray.core.kerberos.Inventory;
import org.watchtray.core.kerberos.Krb5Exception;
import org.watchtray.core.kerberos.RenewResult;
import org.watchtray.core.kerberos.Ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.watchtray.core.settings.Environment;
import org.watchtray.nativeaccess.lab.TestKdc;

/**
 * Reading and renewing tickets through libkrb5 against a real KDC: FILE and DIR caches, several
 * principals and collections, the library's own error codes and messages.
 */
class TicketReaderTest {
    @RegisterExtension
    static final TestKdc KDC = new TestKdc();
    private static Krb5Functions krb5;

    @BeforeAll
    static void principals() throws Exception {
        krb5 = LibKrb5.load();
        KDC.addPrincipal("alice", "alice-pw", "10 min", "1 hour");
        KDC.addPrincipal("bob", "bob-pw", "10 min", "0");
    }

    private static TicketReader reader(String ccname, String... extra) {
        return new TicketReader(krb5, KDC.environment(ccname), List.of(extra));
    }

    private static Path tempDir(String name) throws Exception {
        return Files.createTempDirectory(KDC.dir(), name);
    }

    @Test
    void fileCacheTicketHasTheTimesKlistShows() throws Exception {
        String cc = "FILE:" + tempDir("file").resolve("cc");
        KDC.kinit(cc, "alice", "alice-pw", "-l", "5m", "-r", "30m");

        Inventory inventory = reader(cc).read();

        assertEquals(cc, inventory.defaultCache());
        assertEquals(List.of(cc), inventory.collectionNames());
        assertEquals(List.of(), inventory.problems().toList());
        Ticket t = inventory.tickets().getFirst();
        TestKdc.KlistTimes klist = KDC.klistTgt(cc);
        assertEquals("alice@" + TestKdc.REALM, t.principal());
        assertEquals(cc, t.cache());
        assertEquals("FILE", t.cacheType());
        assertEquals(klist.expires(), t.endTime());
        assertEquals(klist.renewUntil(), t.renewUntil());
        assertTrue(t.renewableFlag());
        assertTrue(t.renewable(Instant.now()), () -> t.whyNotRenewable(Instant.now()).orElse(""));
        // kinit asks for "till" = its clock + 5 min and the KDC stamps the start with its own whole
        // second, so the two may straddle a second boundary (299..301 s have been seen, never more).
        long lifetime = t.lifetime().toSeconds();
        assertTrue(lifetime >= 299 && lifetime <= 301, "lifetime " + lifetime + " s for kinit -l 5m");
    }

    @Test
    void dirCollectionYieldsEveryPrincipalsCache() throws Exception {
        Path dir = tempDir("dir");
        String collection = "DIR:" + dir;
        KDC.kinit(collection, "alice", "alice-pw", "-l", "5m");
        KDC.kinit(collection, "bob", "bob-pw", "-l", "5m");

        Inventory inventory = reader(collection).read();

        Map<String, Ticket> byPrincipal = byPrincipal(inventory);
        assertEquals(2, byPrincipal.size(), inventory::toString);
        for (Ticket t : byPrincipal.values()) {
            assertEquals("DIR", t.cacheType());
            assertTrue(t.cache().startsWith("DIR::" + dir + "/"), t.cache());
        }
        assertFalse(byPrincipal.get("bob@" + TestKdc.REALM).renewableFlag());
        // kinit of a second principal switches the collection's primary to its new cache.
        assertEquals(byPrincipal.get("bob@" + TestKdc.REALM).cache(), inventory.defaultCache());
    }

    @Test
    void extraCollectionsAreReadBesidesTheDefault() throws Exception {
        String file = "FILE:" + tempDir("multi").resolve("cc");
        String dir = "DIR:" + tempDir("multi-dir");
        KDC.kinit(file, "alice", "alice-pw", "-l", "5m");
        KDC.kinit(dir, "bob", "bob-pw", "-l", "5m");

        Inventory inventory = reader(file, dir, "  ", file).read();

        assertEquals(List.of(file, dir), inventory.collectionNames());
        assertEquals(Map.of("alice@" + TestKdc.REALM, "FILE", "bob@" + TestKdc.REALM, "DIR"),
                inventory.tickets().stream().collect(java.util.stream.Collectors.toMap(Ticket::principal, Ticket::cacheType)));
    }

    @Test
    void missingCacheIsNoTicketAndNoProblem() throws Exception {
        String cc = "FILE:" + tempDir("none").resolve("absent");
        Inventory inventory = reader(cc).read();
        assertEquals(List.of(), inventory.tickets());
        assertEquals(List.of(), inventory.problems().toList());
    }

    @Test
    void unknownCacheTypeIsAProblemWithTheLibrarysMessage() throws Exception {
        Inventory inventory = reader("FILE:" + tempDir("bad").resolve("cc"), "NOSUCHTYPE:x").read();
        List<String> problems = inventory.problems().toList();
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.getFirst().contains("KRB5_CC_UNKNOWN_TYPE") && problems.getFirst().contains("Unknown credential cache type"),
                problems.getFirst());
    }

    @Test
    void errorCodesBecomeTypedExceptionsWithTheLibraryText() throws Exception {
        try (Krb5Session session = Krb5Session.open(krb5, KDC.environment("FILE:/nonexistent/cc"))) {
            Krb5Exception e = assertThrows(Krb5Exception.class, () -> krb5.krb5_cc_resolve(session.context(), "NOSUCHTYPE:x"));
            assertEquals(Krb5Errors.KRB5_CC_UNKNOWN_TYPE, e.code());
            assertEquals("krb5_cc_resolve", e.call());
            assertEquals("krb5_cc_resolve for NOSUCHTYPE:x: KRB5_CC_UNKNOWN_TYPE, Unknown credential cache type", e.getMessage());

            var cache = krb5.krb5_cc_resolve(session.context(), "FILE:/nonexistent/cc");
            try {
                Krb5Exception missing = assertThrows(Krb5Exception.class, () -> krb5.krb5_cc_get_principal(session.context(), cache));
                assertEquals(Krb5Errors.KRB5_FCC_NOFILE, missing.code());
                assertTrue(missing.getMessage().startsWith("krb5_cc_get_principal for FILE:/nonexistent/cc: KRB5_FCC_NOFILE, "), missing.getMessage());
            } finally {
                krb5.krb5_cc_close(session.context(), cache);
            }
        }
    }

    @Test
    void sessionTakesConfigAndCacheNameFromTheInjectedEnvironmentOnly() throws Exception {
        try (Krb5Session s = Krb5Session.open(krb5, KDC.environment("DIR:/somewhere/else"), null)) {
            assertEquals("DIR:/somewhere/else", s.defaultName());
        }
        Environment configOnly = new Environment(Map.of("KRB5_CONFIG", KDC.krb5Conf().toString()), KDC.dir());
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Krb5Session.open(krb5, configOnly, "FILE:/tmp/from-the-process"));
        assertTrue(refused.getMessage().contains("KRB5CCNAME=FILE:/tmp/from-the-process"), refused.getMessage());
        // Without KRB5CCNAME anywhere, libkrb5's own default applies (built-in FILE:/tmp/krb5cc_<uid>).
        try (Krb5Session s = Krb5Session.open(krb5, configOnly, null)) {
            assertTrue(s.defaultName().startsWith("FILE:/tmp/krb5cc_"), s.defaultName());
        }
        Files.writeString(KDC.dir().resolve("ccname.conf"), "[libdefaults]\n default_ccache_name = DIR:/from/%{uid}/conf\n");
        Environment configured = new Environment(Map.of("KRB5_CONFIG", KDC.dir().resolve("ccname.conf").toString()), KDC.dir());
        try (Krb5Session s = Krb5Session.open(krb5, configured, null)) {
            assertEquals("DIR:/from/" + new org.watchtray.nativeaccess.libc.LinuxLibc().getuid() + "/conf", s.defaultName());
        }
    }

    @Test
    void renewExtendsTheEndTimeAndStoresItBack() throws Exception {
        String cc = "FILE:" + tempDir("renew").resolve("cc");
        KDC.kinit(cc, "alice", "alice-pw", "-l", "2m", "-r", "30m");
        Instant before = KDC.klistTgt(cc).expires();
        Thread.sleep(1100); // the KDC counts whole seconds: let the renewed end time move

        RenewResult result = new TicketRenewer(reader(cc), Clock.systemUTC()).renew("alice");

        RenewResult.Renewed renewed = assertInstanceOf(RenewResult.Renewed.class, result, result.message());
        assertTrue(renewed.after().endTime().isAfter(before), result.message());
        assertEquals(KDC.klistTgt(cc).expires(), renewed.after().endTime());
        assertEquals(renewed.before().renewUntil(), renewed.after().renewUntil());
        assertEquals(before, renewed.before().endTime());
    }

    @Test
    void notRenewableTicketsSayWhy() throws Exception {
        String plain = "FILE:" + tempDir("plain").resolve("cc");
        KDC.kinit(plain, "alice", "alice-pw", "-l", "2m");
        RenewResult r = new TicketRenewer(reader(plain), Clock.systemUTC()).renew(null);
        RenewResult.NotRenewable nr = assertInstanceOf(RenewResult.NotRenewable.class, r, r.message());
        assertEquals("the ticket was issued without the renewable flag", nr.reason());

        // bob may not renew (max renewable life 0): the KDC sets the flag but ends renewal at issue time.
        String horizon = "FILE:" + tempDir("horizon").resolve("cc");
        KDC.kinit(horizon, "bob", "bob-pw", "-l", "2m", "-r", "30m");
        RenewResult h = new TicketRenewer(reader(horizon), Clock.systemUTC()).renew("bob@" + TestKdc.REALM);
        RenewResult.NotRenewable past = assertInstanceOf(RenewResult.NotRenewable.class, h, h.message());
        assertTrue(past.reason().startsWith("its renewable lifetime ended at "), past.reason());
    }

    @Test
    void renewingAnUnknownPrincipalFindsNoTicket() throws Exception {
        String cc = "FILE:" + tempDir("unknown").resolve("cc");
        KDC.kinit(cc, "alice", "alice-pw", "-l", "2m", "-r", "30m");
        RenewResult r = new TicketRenewer(reader(cc), Clock.systemUTC()).renew("carol");
        RenewResult.NoTicket none = assertInstanceOf(RenewResult.NoTicket.class, r, r.message());
        assertEquals("No Kerberos ticket for carol: no ticket-granting ticket for carol@" + TestKdc.REALM + " in " + cc, none.message());
    }

    private static Map<String, Ticket> byPrincipal(Inventory inventory) {
        return inventory.tickets().stream().collect(java.util.stream.Collectors.toMap(Ticket::principal, t -> t));
    }
}
