package org.watchtray.nativeaccess.kerberos;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.watchtray.core.kerberos.CredentialEvent.Change;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.kerberos.KerberosSource;
import org.watchtray.core.kerberos.RenewResult;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.nativeaccess.lab.TestKdc;

/**
 * The KEYRING half of KerberosSourceTest, run in a child JVM under
 * {@code unshare -U -r keyctl session -}: a user namespace has its own user and persistent
 * keyrings and the anonymous session keyring is private, so nothing leaks into (or from) the
 * keyrings other tests on this machine use. Prints one tab-separated line per fact for the
 * parent to assert on; exits non-zero with the reason if a step fails.
 *
 * <p>Args: the realm's directory and KDC port.
 */
public final class KeyringScenario {
    private KeyringScenario() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        TestKdc kdc = TestKdc.attach(Path.of(args[0]), Integer.parseInt(args[1]));
        int uid = SourceHarness.LIBC.getuid();
        String session = "KEYRING:session:wt";
        String persistent = "KEYRING:persistent:" + uid;
        String user = "KEYRING:user:wt";
        kdc.kinit(session, "alice", "alice-pw", "-l", "6s", "-r", "10m");
        kdc.kinit(persistent, "bob", "bob-pw", "-l", "5m");
        kdc.kinit(user, "alice", "alice-pw", "-l", "5m", "-r", "10m");

        Settings d = Settings.defaults();
        Settings settings = SettingsBuilder.from(d)
                .keys(new Settings.Keys(List.of(), d.keys().expiryWarning(), Duration.ofSeconds(1), List.of()))
                .kerberos(new Settings.Kerberos(List.of(Duration.ofSeconds(4), Duration.ofSeconds(2)), false, List.of(persistent, user)))
                .build();
        Environment env = kdc.environment(session);
        KerberosSource source = SourceHarness.kerberos(env, settings);
        try (SourceHarness h = new SourceHarness(source)) {
            SourceStatus status = h.awaitStatus(Duration.ofSeconds(5), s -> s.state() != SourceStatus.State.UNAVAILABLE);
            out.println("STATUS\t" + status.state() + "\t" + status.describe());
            out.println("WATCHING\t" + source.tickets().size());

            Thread.sleep(1000); // whole-second ticket times: let the renewed end differ
            Environment userEnv = new Environment(Map.of("KRB5_CONFIG", kdc.krb5Conf().toString(), "KRB5CCNAME", user), kdc.dir());
            RenewResult renewed = SourceHarness.NATIVE.kerberos(userEnv, Clock.systemUTC()).renew("alice", List.of());
            out.println("RENEW\t" + renewed.succeeded() + "\t" + renewed.message());
            out.println("KLIST\t" + user + "\t" + kdc.klistTgt(user).expires().getEpochSecond());
            h.await("renewed", Duration.ofSeconds(4), e -> e.change() == Change.RENEWED);

            kdc.kdestroy(persistent);
            h.await("destroyed", Duration.ofSeconds(4), e -> e.change() == Change.DESTROYED);
            h.await("expired", Duration.ofSeconds(10), e -> e.change() == Change.EXPIRED);
            // Barrier: a probe deadline 2.5 s on comes after two re-reads (1 s fallback interval) of
            // the session cache that vanished with its ticket; nothing more may be said by then.
            h.barrierAt(java.time.Instant.now().plusMillis(2500), Duration.ofSeconds(5));
            for (CredentialEvent e : h.credentials()) {
                out.println("EVENT\t" + e.change().wireName() + "\t" + e.principal() + "\t" + e.cache() + "\t"
                        + e.endTime().getEpochSecond() + "\t" + (e.lead() == null ? "-" : e.lead().toSeconds()) + "\t" + e.renewable());
            }
            out.println("TICKETS\t" + source.tickets().stream().map(t -> t.principal() + "@" + t.cache()).sorted().toList());
        } catch (AssertionError e) {
            out.println("FAILED\t" + e.getMessage().replace('\n', ' '));
            System.exit(1);
        }
        System.exit(0);
    }
}
