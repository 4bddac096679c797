package org.watchtray.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.watchtray.core.kerberos.Krb5;
import org.watchtray.core.kerberos.Krb5Exception;
import org.watchtray.core.os.Errno;
import org.watchtray.nativeaccess.NativeAccess;
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
        KerberosRenewal renewal = new KerberosRenewal(NativeAccess.linux().kerberos(KDC.environment(cc), Clock.systemUTC()));
        assertTrue(renewal.available());

        Optional<String> problem = renewal.renew(Events.ticketExpiresSoon(ALICE, Duration.ofMinutes(1), Instant.now()), Settings.defaults());

        assertEquals(Optional.empty(), problem);
        assertTrue(KDC.klistTgt(cc).expires().isAfter(before), "the cache holds the renewed ticket");
    }

    @Test
    void aTicketThatCannotBeRenewedSaysWhyInOneLine() throws Exception {
        String cc = cache("plain");
        KDC.kinit(cc, "alice", "alice-pw", "-l", "2m");
        Optional<String> problem = new KerberosRenewal(NativeAccess.linux().kerberos(KDC.environment(cc), Clock.systemUTC()))
                .renew(Events.ticketExpiresSoon(ALICE, Duration.ofMinutes(1), Instant.now()), Settings.defaults());
        // The reason alone: the renewal-failed event names the ticket, in the user's language.
        assertEquals(Optional.of("the ticket was issued without the renewable flag"), problem);
    }

    @Test
    void withoutLibkrb5ThereIsNoButtonAndARenewalSaysTheRealReason() {
        // What NativeAccess.kerberos hands out when dlopen fails (its message recorded from a machine without libkrb5-3).
        KerberosRenewal renewal = new KerberosRenewal(Krb5.unavailable(new Krb5Exception("dlopen", "libkrb5.so.3", Errno.ENOENT.code(),
                "libkrb5.so.3: cannot open shared object file: No such file or directory")));
        assertFalse(renewal.available(), "no Renew button");
        assertEquals(Optional.of("libkrb5 is not available: dlopen for libkrb5.so.3: ENOENT, "
                        + "libkrb5.so.3: cannot open shared object file: No such file or directory"),
                renewal.renew(Events.ticketExpiresSoon(ALICE, Duration.ofMinutes(1), Instant.now()), Settings.defaults()));
    }

    @Test
    void aBrokenConfigurationIsSaidInTheLibrarysWords() throws Exception {
        java.nio.file.Path broken = java.nio.file.Files.writeString(KDC.dir().resolve("broken.conf"), "[libdefaults\n");
        KerberosRenewal renewal = new KerberosRenewal(NativeAccess.linux().kerberos(
                new org.watchtray.core.settings.Environment(java.util.Map.of("KRB5_CONFIG", broken.toString(), "KRB5CCNAME", "FILE:/nonexistent/cc"),
                        KDC.dir()), Clock.systemUTC()));
        assertTrue(renewal.available(), "the library is there");
        Optional<String> problem = renewal.renew(Events.ticketExpiresSoon(ALICE, Duration.ofMinutes(1), Instant.now()), Settings.defaults());
        // The library's own words (Debian 12's MIT krb5 1.20), not "libkrb5 is not installed".
        assertEquals(Optional.of("Syntax error in profile section header"), problem);
    }
}
