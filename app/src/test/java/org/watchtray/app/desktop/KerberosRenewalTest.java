package org.watchtray.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.watchtray.app.testing.Events;
import org.watchtray.core.settings.Settings;
import org.watchtray.nativeaccess.lab.TestKdc;

/** The toast's Renew button against a real KDC: what it does to the cache and what it says when it cannot. */
class KerberosRenewalTest {
    @RegisterExtension
    static final TestKdc KDC = new TestKdc();
    private static final String ALICE = "alice@" + TestKdc.REALM;

    @BeforeAll
    static void principals() throws Exception {
        KDC.addPrincipal("alice", "alice-pw", "10 min", "1 hour");
    }

    private static String cache(String name) throws Exception {
        return "FILE:" + Files.createTempDirectory(KDC.dir(), name).resolve("cc");
    }

    @Test
    void renewingExtendsTheTicketInItsCache() throws Exception {
        String cc = cache("renew");
        KDC.kinit(cc, "alice", "alice-pw", "-l", "2m", "-r", "30m");
        Instant before = KDC.klistTgt(cc).expires();
        Thread.sleep(1100); // end times have whole seconds: let the renewed one move
        KerberosRenewal renewal = new KerberosRenewal(KDC.environment(cc), Clock.systemUTC());
        assertTrue(renewal.available());

        Optional<String> problem = renewal.renew(Events.ticketExpiresSoon(ALICE, Duration.ofMinutes(1), Instant.now()), Settings.defaults());

        assertEquals(Optional.empty(), problem);
        assertTrue(KDC.klistTgt(cc).expires().isAfter(before), "the cache holds the renewed ticket");
    }

    @Test
    void aTicketThatCannotBeRenewedSaysWhyInOneLine() throws Exception {
        String cc = cache("plain");
        KDC.kinit(cc, "alice", "alice-pw", "-l", "2m");
        Optional<String> problem = new KerberosRenewal(KDC.environment(cc), Clock.systemUTC())
                .renew(Events.ticketExpiresSoon(ALICE, Duration.ofMinutes(1), Instant.now()), Settings.defaults());
        assertEquals(Optional.of("The Kerberos ticket for " + ALICE + " cannot be renewed: the ticket was issued without the renewable flag"), problem);
    }
}
