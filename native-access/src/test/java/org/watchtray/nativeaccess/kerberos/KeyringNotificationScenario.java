package org.watchtray.nativeaccess.kerberos;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.kerberos.KerberosSource;
import org.watchtray.core.kerberos.RenewResult;
import org.watchtray.core.kerberos.CredentialEvent.Change;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.nativeaccess.lab.TestKdc;

/**
 * Runs inside the kernel lab VM, whose kernel has the notification queue: a KDC of its own, a
 * KEYRING collection, and the source with a 10-minute fallback interval, so a reaction within
 * seconds can only come from KEYCTL_WATCH_KEY records. Prints tab-separated facts; exits
 * non-zero with the reason when a step fails.
 */
public final class KeyringNotificationScenario {
    private KeyringNotificationScenario() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        long jvmStart = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(System.currentTimeMillis());
        out.println("TIMING\tjvm_to_main_ms\t" + (System.currentTimeMillis() - jvmStart));
        TestKdc kdc = new TestKdc();
        kdc.start();
        out.println("TIMING\tkdc_started_ms\t" + (System.currentTimeMillis() - jvmStart));
        try {
            kdc.addPrincipal("alice", "alice-pw", "10 min", "1 hour");
            kdc.addPrincipal("bob", "bob-pw", "10 min", "1 hour");
            String collection = "KEYRING:session:wt";
            kdc.kinit(collection, "alice", "alice-pw", "-l", "5m", "-r", "30m");
            out.println("TIMING\tfirst_kinit_ms\t" + (System.currentTimeMillis() - jvmStart));

            Settings d = Settings.defaults();
            Settings settings = SettingsBuilder.from(d)
                    .keys(new Settings.Keys(List.of(), d.keys().expiryWarning(), Duration.ofMinutes(10), List.of())).build();
            KerberosSource source = SourceHarness.kerberos(kdc.environment(collection), settings);
            try (SourceHarness h = new SourceHarness(source)) {
                SourceStatus status = h.awaitStatus(Duration.ofSeconds(20), s -> s.state() != SourceStatus.State.UNAVAILABLE);
                out.println("STATUS\t" + status.state() + "\t" + status.describe());
                out.println("TIMING\tsource_started_ms\t" + (System.currentTimeMillis() - jvmStart));

                Thread.sleep(1000); // whole-second ticket times
                RenewResult renewed = SourceHarness.NATIVE.kerberos(kdc.environment(collection), Clock.systemUTC()).renew("alice", List.of());
                out.println("RENEW\t" + renewed.succeeded() + "\t" + renewed.message());
                out.println("TIMING\trenewed_ms\t" + (System.currentTimeMillis() - jvmStart));
                Instant t0 = Instant.now();
                h.await("renewed", Duration.ofSeconds(10), e -> e.change() == Change.RENEWED);
                out.println("RENEWED_AFTER_MS\t" + Duration.between(t0, Instant.now()).toMillis());

                kdc.kinit(collection, "bob", "bob-pw", "-l", "5m"); // a second cache in the collection
                out.println("TIMING\tsecond_kinit_ms\t" + (System.currentTimeMillis() - jvmStart));
                t0 = Instant.now();
                h.await("acquired", Duration.ofSeconds(10), e -> e.change() == Change.ACQUIRED);
                out.println("ACQUIRED_AFTER_MS\t" + Duration.between(t0, Instant.now()).toMillis());

                kdc.kdestroy(collection); // the primary: bob's new cache
                out.println("TIMING\tkdestroy_ms\t" + (System.currentTimeMillis() - jvmStart));
                t0 = Instant.now();
                h.await("destroyed", Duration.ofSeconds(10), e -> e.change() == Change.DESTROYED);
                out.println("DESTROYED_AFTER_MS\t" + Duration.between(t0, Instant.now()).toMillis());
                out.println("TIMING\tscenario_done_ms\t" + (System.currentTimeMillis() - jvmStart));
                for (CredentialEvent e : h.credentials()) {
                    out.println("EVENT\t" + e.change().wireName() + "\t" + e.principal() + "\t" + e.cache());
                }
            } catch (AssertionError e) {
                out.println("FAILED\t" + e.getMessage().replace('\n', ' '));
                System.exit(1);
            }
        } finally {
            kdc.stop();
        }
        System.exit(0);
    }
}
