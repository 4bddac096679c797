package org.watchtray.nativeaccess.kerberos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.kerberos.CredentialEvent.Change;
import org.watchtray.core.kerberos.KerberosSource;
import org.watchtray.core.kerberos.Krb5;
import org.watchtray.core.kerberos.Krb5Exception;
import org.watchtray.core.kerberos.RenewResult;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.os.Errno;
import org.watchtray.nativeaccess.keys.KernelKeys;
import org.watchtray.nativeaccess.lab.KcmDaemon;
import org.watchtray.nativeaccess.lab.TestKdc;

/**
 * The Kerberos source on the real poller against a real KDC, with lead times scaled down to
 * seconds: warnings at each lead time and once only, expiry, renewal withdrawing stale
 * deadlines, kdestroy, acquisition, automatic renewal, and what the status says. Negative
 * checks wait on barriers: a later event (a kdestroy seen, a probe deadline on the same
 * poller) that must arrive after the one that must not.
 */
class KerberosSourceTest {
    @RegisterExtension
    static final TestKdc KDC = new TestKdc();
    private static final String ALICE = "alice@" + TestKdc.REALM;
    private static final String BOB = "bob@" + TestKdc.REALM;

    @BeforeAll
    static void principals() throws Exception {
        KDC.addPrincipal("alice", "alice-pw", "10 min", "1 hour");
        KDC.addPrincipal("bob", "bob-pw", "10 min", "0");
    }

    private static Settings settings(boolean autoRenew, Duration... leads) {
        Settings d = Settings.defaults();
        return SettingsBuilder.from(d).kerberos(new Settings.Kerberos(List.of(leads), autoRenew)).build();
    }

    private static KerberosSource source(Environment env, Settings settings) {
        return SourceHarness.kerberos(env, settings);
    }

    /** What the toast's Renew and {@code watchtray kerberos renew} do: another process's renewal, as far as the source knows. */
    private static RenewResult renew(Environment env, String principal) throws Krb5Exception {
        return SourceHarness.NATIVE.kerberos(env, Clock.systemUTC()).renew(principal, List.of());
    }

    private static Path dir(String name) throws Exception {
        return Files.createTempDirectory(KDC.dir(), name);
    }

    private static List<CredentialEvent> of(List<CredentialEvent> events, String principal) {
        return events.stream().filter(e -> e.principal().equals(principal)).toList();
    }

    @Test
    void warnsOnceAtEachLeadTimeThenSaysExpired() throws Exception {
        Path d = dir("leads");
        String cc = "FILE:" + d.resolve("cc");
        KDC.kinit(cc, "alice", "alice-pw", "-l", "9s");
        Instant end = KDC.klistTgt(cc).expires();

        try (SourceHarness h = new SourceHarness(source(KDC.environment(cc), settings(false, Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofSeconds(2))))) {
            SourceStatus status = h.awaitStatus(Duration.ofSeconds(5), s -> s.state() == SourceStatus.State.ACTIVE);
            assertTrue(status.mechanism().contains("inotify on " + d.resolve("cc")), status.mechanism());
            // Not late: a probe deadline a millisecond after each due instant must find its notice said.
            java.util.Map<Duration, SourceHarness.Barrier> onTime = new java.util.LinkedHashMap<>();
            for (Duration lead : List.of(Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ZERO)) {
                onTime.put(lead, h.barrier(end.minus(lead).plusMillis(1)));
            }
            h.await("expiry", Duration.ofSeconds(15), e -> e.change() == Change.EXPIRED);
            // Barrier: the kdestroy is seen through inotify after every deadline of the ticket.
            KDC.kdestroy(cc);
            h.await("destroyed", Duration.ofSeconds(5), e -> e.change() == Change.DESTROYED);

            List<CredentialEvent> events = h.credentials();
            assertEquals(List.of("expires_soon 6", "expires_soon 4", "expires_soon 2", "expired", "destroyed"),
                    events.stream().map(e -> e.change().wireName() + (e.lead() == null ? "" : " " + e.lead().toSeconds())).toList(), h.describe());
            events = events.subList(0, 4);
            for (CredentialEvent e : events) {
                Duration lead = e.lead() == null ? Duration.ZERO : e.lead();
                Instant due = end.minus(lead);
                assertFalse(e.time().isBefore(due), "said before its time: " + h.describe());
                assertTrue(onTime.get(lead).before(Duration.ofSeconds(5)).contains(e), "said late: " + h.describe());
                assertEquals(ALICE, e.principal());
                assertEquals(cc, e.cache());
                assertEquals(end, e.endTime());
                assertFalse(e.renewable());
            }
            assertEquals("the ticket was issued without the renewable flag", events.getFirst().reason());
        }
    }

    @Test
    void thresholdsPassedBeforeStartAreSaidOnceAsTheMostUrgent() throws Exception {
        String collection = "DIR:" + dir("passed");
        KDC.kinit(collection, "alice", "alice-pw", "-l", "2m", "-r", "30m");
        KDC.kinit(collection, "bob", "bob-pw", "-l", "2m", "-r", "30m"); // renewable flag, but its horizon has passed

        try (SourceHarness h = new SourceHarness(source(KDC.environment(collection), Settings.defaults()))) {
            h.await("bob's warning", Duration.ofSeconds(5), e -> e.principal().equals(BOB));
            h.await("alice's warning", Duration.ofSeconds(5), e -> e.principal().equals(ALICE));
            // Barrier: bob's cache (the primary, kinit'ed last) destroyed and seen.
            KDC.kdestroy(collection);
            h.await("bob's kdestroy", Duration.ofSeconds(5), e -> e.principal().equals(BOB) && e.change() == Change.DESTROYED);

            List<CredentialEvent> alice = of(h.credentials(), ALICE);
            assertEquals(1, alice.size(), h.describe());
            assertEquals(Change.EXPIRES_SOON, alice.getFirst().change());
            assertEquals(Duration.ofMinutes(5), alice.getFirst().lead());
            assertTrue(alice.getFirst().renewable(), h.describe());
            assertEquals("", alice.getFirst().reason());

            CredentialEvent bob = of(h.credentials(), BOB).getFirst();
            assertEquals(List.of(Change.EXPIRES_SOON, Change.DESTROYED), of(h.credentials(), BOB).stream().map(CredentialEvent::change).toList(),
                    h.describe());
            assertFalse(bob.renewable());
            assertTrue(bob.reason().startsWith("its renewable lifetime ended at "), bob.reason());
            assertTrue(EnglishSummary.of(bob).endsWith("(not renewable)"), EnglishSummary.of(bob));
        }
    }

    @Test
    void renewalReplacesTheWarningsAndKdestroyIsDestroyed() throws Exception {
        Path d = dir("renew");
        String collection = "DIR:" + d;
        KDC.kinit(collection, "alice", "alice-pw", "-l", "8s", "-r", "10m");
        Instant oldEnd = KDC.klistTgt(collection).expires();

        try (SourceHarness h = new SourceHarness(source(KDC.environment(collection), settings(false, Duration.ofSeconds(6), Duration.ofSeconds(3))))) {
            h.await("first warning", Duration.ofSeconds(6), e -> e.change() == Change.EXPIRES_SOON);
            Thread.sleep(1000); // the KDC counts whole seconds: make the renewed end time differ

            RenewResult result = renew(KDC.environment(collection), ALICE);
            assertTrue(result.succeeded(), result.message());
            Instant newEnd = KDC.klistTgt(collection).expires();
            assertTrue(newEnd.isAfter(oldEnd));

            CredentialEvent renewed = h.await("renewed", Duration.ofSeconds(3), e -> e.change() == Change.RENEWED);
            assertEquals(newEnd, renewed.endTime());
            assertTrue(renewed.renewable());
            // The old ticket's 3 s warning and expiry deadlines must never fire: a probe deadline
            // just after its end comes after them on the same timerfd.
            List<CredentialEvent> upToOldEnd = h.barrierAt(oldEnd.plusMillis(1), Duration.ofSeconds(5));
            List<CredentialEvent> after = upToOldEnd.subList(upToOldEnd.indexOf(renewed) + 1, upToOldEnd.size());
            assertTrue(after.stream().allMatch(e -> e.change() == Change.EXPIRES_SOON && e.endTime().equals(newEnd)), h.describe());

            KDC.kdestroy(collection);
            CredentialEvent destroyed = h.await("destroyed", Duration.ofSeconds(3), e -> e.change() == Change.DESTROYED);
            assertEquals(ALICE, destroyed.principal());
            assertFalse(destroyed.renewable());
            List<CredentialEvent> upToNewEnd = h.barrierAt(newEnd.plusMillis(1), Duration.ofSeconds(5));
            assertEquals(Change.DESTROYED, upToNewEnd.getLast().change(), "nothing after kdestroy: " + h.describe());
        }
    }

    @Test
    void aTicketInACacheThatDidNotExistYetIsAcquired() throws Exception {
        Path d = dir("later");
        Path cache = d.resolve("not/yet/there/cc");
        String cc = "FILE:" + cache;
        try (SourceHarness h = new SourceHarness(source(KDC.environment(cc), Settings.defaults()))) {
            SourceStatus status = h.awaitStatus(Duration.ofSeconds(5), s -> s.state() == SourceStatus.State.ACTIVE);
            assertTrue(status.mechanism().contains("inotify on " + d + " (not)"), status.mechanism());
            Files.createDirectories(cache.getParent());
            KDC.kinit(cc, "alice", "alice-pw", "-l", "5m");
            CredentialEvent acquired = h.await("acquired", Duration.ofSeconds(3), e -> e.change() == Change.ACQUIRED);
            assertEquals(KDC.klistTgt(cc).expires(), acquired.endTime());
            assertEquals(cc, acquired.cache());

            // A fresh kinit over it is "acquired" again, not "renewed": its initial authentication
            // time differs (whole seconds, hence the pause).
            Thread.sleep(1100);
            KDC.kinit(cc, "alice", "alice-pw", "-l", "6m");
            h.await("second acquisition", Duration.ofSeconds(3), e -> e.change() == Change.ACQUIRED && !e.equals(acquired));
            assertTrue(h.credentials().stream().noneMatch(e -> e.change() == Change.RENEWED), h.describe());
        }
    }

    @Test
    void aTicketInASharedDirectoryLikeTmpIsFoundByTheTimerNotByWatchingTheDirectory() throws Exception {
        Path shared = dir("shared");
        Files.setAttribute(shared, "unix:mode", 01777);
        String cc = "FILE:" + shared.resolve("krb5cc_1000");
        Settings fastKeys = SettingsBuilder.from(Settings.defaults())
                .keys(new Settings.Keys(List.of(), Duration.ofMinutes(5), Duration.ofSeconds(2), List.of())).build();
        ReadCount krb5 = new ReadCount(SourceHarness.NATIVE.kerberos(KDC.environment(cc), Clock.systemUTC()));
        try (SourceHarness h = new SourceHarness(new KerberosSource(krb5, SourceHarness.NATIVE.libc(), SourceHarness.NATIVE.keyctl(),
                SourceHarness.NATIVE.notificationQueues(), fastKeys))) {
            SourceStatus status = h.awaitStatus(Duration.ofSeconds(5), s -> s.state() == SourceStatus.State.ACTIVE);
            assertTrue(status.mechanism().contains("looked for every 2 s in " + shared + " (krb5cc_1000)"), status.mechanism());
            assertFalse(status.mechanism().contains("inotify on " + shared), status.mechanism());
            // While the cache is missing, a tick is one look at its name, not a read of the caches:
            // the barrier's deadline comes after two ticks on the same timerfd.
            int readsAtStart = krb5.reads.get();
            h.barrierAt(Instant.now().plusSeconds(5), Duration.ofSeconds(10));
            assertEquals(readsAtStart, krb5.reads.get(), "libkrb5 read again while the cache was still missing");
            KDC.kinit(cc, "alice", "alice-pw", "-l", "5m");
            h.await("acquired", Duration.ofSeconds(5), e -> e.change() == Change.ACQUIRED);
            SourceStatus watched = h.awaitStatus(Duration.ofSeconds(5), s -> s.mechanism().contains("inotify on " + shared.resolve("krb5cc_1000")));
            assertFalse(watched.mechanism().contains("looked for every"), watched.mechanism());
        }
    }

    /** The real libkrb5, counting its reads of the caches (done on the backend thread only). */
    private static final class ReadCount implements Krb5 {
        private final Krb5 real;
        final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

        ReadCount(Krb5 real) {
            this.real = real;
        }

        @Override
        public void check() throws Krb5Exception {
            real.check();
        }

        @Override
        public org.watchtray.core.kerberos.Inventory read(List<String> extraCollections) throws Krb5Exception {
            reads.incrementAndGet();
            return real.read(extraCollections);
        }

        @Override
        public RenewResult renew(String principalOrNull, List<String> extraCollections) throws Krb5Exception {
            return real.renew(principalOrNull, extraCollections);
        }

        @Override
        public RenewResult renew(org.watchtray.core.kerberos.Ticket ticket) throws Krb5Exception {
            return real.renew(ticket);
        }
    }

    @Test
    void automaticRenewalAtHalfTheLifetime() throws Exception {
        String cc = "FILE:" + dir("auto").resolve("cc");
        KDC.kinit(cc, "alice", "alice-pw", "-l", "4s", "-r", "10m");
        Instant firstEnd = KDC.klistTgt(cc).expires();
        try (SourceHarness h = new SourceHarness(source(KDC.environment(cc), settings(true, Duration.ofSeconds(1))))) {
            CredentialEvent renewed = h.await("automatic renewal", Duration.ofSeconds(5), e -> e.change() == Change.RENEWED);
            assertTrue(renewed.endTime().isAfter(firstEnd), h.describe());
            assertEquals(KDC.klistTgt(cc).expires(), renewed.endTime());
            assertTrue(h.credentials().stream().noneMatch(e -> e.change() == Change.EXPIRED || e.change() == Change.RENEW_FAILED), h.describe());
        }
    }

    @Test
    void automaticRenewalThatCannotReachTheKdcIsSaidOnce() throws Exception {
        String cc = "FILE:" + dir("offline").resolve("cc");
        KDC.kinit(cc, "alice", "alice-pw", "-l", "4s", "-r", "10m");
        // The same realm with its KDC on a port nobody listens on: a laptop that went offline.
        Path offline = KDC.dir().resolve("offline.conf");
        Files.writeString(offline, Files.readString(KDC.krb5Conf()).replace("127.0.0.1:" + KDC.port(), "127.0.0.1:1"));
        Environment env = new Environment(java.util.Map.of("KRB5_CONFIG", offline.toString(), "KRB5CCNAME", cc), KDC.dir());
        try (SourceHarness h = new SourceHarness(source(env, settings(true, Duration.ofSeconds(1))))) {
            CredentialEvent failed = h.await("renew_failed", Duration.ofSeconds(5), e -> e.change() == Change.RENEW_FAILED);
            assertTrue(failed.reason().startsWith("Cannot contact any KDC for realm"), failed.reason());
            assertTrue(EnglishSummary.of(failed).contains("failed: Cannot contact any KDC"), EnglishSummary.of(failed));
            h.await("expiry", Duration.ofSeconds(5), e -> e.change() == Change.EXPIRED);
            assertEquals(1, h.credentials().stream().filter(e -> e.change() == Change.RENEW_FAILED).count(), h.describe());
        }
    }

    @Test
    void aMissingLibraryIsUnavailableWithTheReason() throws Exception {
        // What NativeAccess.kerberos hands out when dlopen fails (its message recorded from a machine without libkrb5-3).
        Krb5 missing = Krb5.unavailable(new Krb5Exception("dlopen", "libkrb5.so.3", Errno.ENOENT.code(),
                "libkrb5.so.3: cannot open shared object file"));
        try (SourceHarness h = new SourceHarness(new KerberosSource(missing, SourceHarness.NATIVE.libc(), SourceHarness.NATIVE.keyctl(),
                SourceHarness.NATIVE.notificationQueues(), Settings.defaults()))) {
            SourceStatus s = h.awaitStatus(Duration.ofSeconds(5), st -> st.state() == SourceStatus.State.UNAVAILABLE && !st.reason().equals("not started yet"));
            assertEquals("kerberos: not running \u2014 libkrb5 is not available: dlopen for libkrb5.so.3: ENOENT, libkrb5.so.3: cannot open shared object file",
                    s.describe());
        }
    }

    @Test
    void aBrokenExtraCollectionDegradesButTheRestIsWatched() throws Exception {
        String cc = "FILE:" + dir("broken").resolve("cc");
        KDC.kinit(cc, "alice", "alice-pw", "-l", "5m");
        Settings d = settings(false, Duration.ofMinutes(1));
        Settings withBroken = SettingsBuilder.from(d)
                .kerberos(new Settings.Kerberos(d.kerberos().leadTimes(), false, List.of("NOSUCHTYPE:x"))).build();
        KerberosSource source = source(KDC.environment(cc), withBroken);
        try (SourceHarness h = new SourceHarness(source)) {
            SourceStatus s = h.awaitStatus(Duration.ofSeconds(5), st -> st.state() == SourceStatus.State.DEGRADED);
            assertTrue(s.reason().contains("NOSUCHTYPE:x: krb5_cc_resolve for NOSUCHTYPE:x: KRB5_CC_UNKNOWN_TYPE, Unknown credential cache type"), s.reason());
            KDC.kdestroy(cc);
            h.await("destroyed", Duration.ofSeconds(3), e -> e.change() == Change.DESTROYED);
        }
    }

    @Test
    void keyringCachesSessionUserAndPersistentAreReadInAPrivateKeyringNamespace() throws Exception {
        List<String> command = List.of("unshare", "-U", "-r", "keyctl", "session", "-",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), KeyringScenario.class.getName(),
                KDC.dir().toString(), Integer.toString(KDC.port()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), "the keyring scenario failed:\n" + output);
        List<String[]> lines = output.lines().map(l -> l.split("\t")).toList();

        // Each kernel case asserted for what it is (KEYCTL_CAPABILITIES, not the queue under test,
        // says which); the queue case also runs in the lab VM: KeyringNotificationLabTest.
        String status = line(lines, "STATUS")[2];
        if (KernelKeys.notificationsBuiltIn()) {
            assertTrue(status.contains("KEYRING caches watched on the notification queue"), status);
        } else {
            assertTrue(status.contains("KEYRING caches re-read every 1 s"), status);
            assertTrue(status.contains("KEYRING caches have no change signal: kernel lacks CONFIG_WATCH_QUEUE (pipe2 returned ENOPKG)"), status);
        }
        assertEquals("3", line(lines, "WATCHING")[1], output);
        assertEquals("true", line(lines, "RENEW")[1], output);
        long renewedEnd = Long.parseLong(line(lines, "KLIST")[2]);

        List<String> events = lines.stream().filter(l -> l[0].equals("EVENT"))
                .map(l -> l[1] + " " + l[2] + " " + l[3].replaceFirst("^(KEYRING:[a-z]+):.*", "$1") + " " + l[5])
                .toList();
        assertEquals(List.of(
                "expires_soon alice@WATCHTRAY.TEST KEYRING:session 4",
                "expires_soon alice@WATCHTRAY.TEST KEYRING:session 2",
                "expired alice@WATCHTRAY.TEST KEYRING:session -"),
                events.stream().filter(e -> e.contains("KEYRING:session")).toList(), output);
        assertEquals(List.of("renewed alice@WATCHTRAY.TEST KEYRING:user -"),
                events.stream().filter(e -> e.contains("KEYRING:user")).toList(), output);
        assertEquals(List.of("destroyed bob@WATCHTRAY.TEST KEYRING:persistent -"),
                events.stream().filter(e -> e.contains("KEYRING:persistent")).toList(), output);
        String[] renewed = lines.stream().filter(l -> l[0].equals("EVENT") && l[1].equals("renewed")).findFirst().orElseThrow();
        assertEquals(renewedEnd, Long.parseLong(renewed[4]), output);
        assertTrue(line(lines, "TICKETS")[1].matches("\\[alice@WATCHTRAY.TEST@KEYRING:user:wt:[^,]*]"), output);
    }

    private static String[] line(List<String[]> lines, String tag) {
        return lines.stream().filter(l -> l[0].equals(tag)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + tag + " line in " + lines.stream().map(l -> String.join("\t", l)).toList()));
    }

    // ---- KCM: a private sssd-kcm against the same KDC ----

    /** The status a source with KCM caches shows: the adaptive timer, and that nothing better exists. */
    private static final String KCM_MECHANISM =
            "KCM caches re-read on a timer derived from ticket end times (every 30 s to 10 min; KCM has no change signal)";

    /**
     * KCM caches live in a daemon no kernel interface can watch, and whose protocol has no
     * change notification: the source re-reads them on a timer derived from the end times and
     * before every deadline, so warnings and the expiry come on time as for the other types.
     */
    @Test
    void kcmTicketsAreWarnedAboutAtEachLeadTimeAndExpire() throws Exception {
        try (KcmDaemon kcm = KcmDaemon.start(KDC.dir())) {
            KDC.addLibdefault("kcm_socket = " + kcm.socket());
            KDC.kinit("KCM:", "alice", "alice-pw", "-l", "9s");
            Instant end = KDC.klistTgt("KCM:").expires();
            try (SourceHarness h = new SourceHarness(source(KDC.environment("KCM:"), settings(false, Duration.ofSeconds(6), Duration.ofSeconds(3))))) {
                SourceStatus s = h.awaitStatus(Duration.ofSeconds(5), st -> st.state() == SourceStatus.State.ACTIVE);
                assertTrue(s.mechanism().contains(KCM_MECHANISM), s.mechanism());
                java.util.Map<Duration, SourceHarness.Barrier> onTime = new java.util.LinkedHashMap<>();
                for (Duration lead : List.of(Duration.ofSeconds(6), Duration.ofSeconds(3), Duration.ZERO)) {
                    onTime.put(lead, h.barrier(end.minus(lead).plusMillis(1)));
                }
                List<CredentialEvent> events = onTime.get(Duration.ZERO).before(Duration.ofSeconds(15));
                assertEquals(List.of("expires_soon 6", "expires_soon 3", "expired"),
                        events.stream().map(e -> e.change().wireName() + (e.lead() == null ? "" : " " + e.lead().toSeconds())).toList(),
                        h.describe() + "\n" + kcm.log());
                for (CredentialEvent e : events) {
                    Duration lead = e.lead() == null ? Duration.ZERO : e.lead();
                    assertFalse(e.time().isBefore(end.minus(lead)), "said before its time: " + h.describe());
                    assertTrue(onTime.get(lead).before(Duration.ofSeconds(5)).contains(e), "said late: " + h.describe());
                    assertEquals(ALICE, e.principal());
                    assertTrue(e.cache().startsWith("KCM:"), e.cache());
                    assertEquals(end, e.endTime());
                }
            }
        }
    }

    /**
     * A renewal and a kdestroy made by another process are seen at the next read, here the one
     * before the next warning: the renewal replaces the old ticket's warnings, the kdestroy ends them.
     */
    @Test
    void kcmRenewalAndKdestroyAreSeenAtTheNextRead() throws Exception {
        try (KcmDaemon kcm = KcmDaemon.start(KDC.dir())) {
            KDC.addLibdefault("kcm_socket = " + kcm.socket());
            KDC.kinit("KCM:", "alice", "alice-pw", "-l", "9s", "-r", "10m");
            Instant oldEnd = KDC.klistTgt("KCM:").expires();
            try (SourceHarness h = new SourceHarness(source(KDC.environment("KCM:"), settings(false, Duration.ofSeconds(6), Duration.ofSeconds(3))))) {
                h.awaitStatus(Duration.ofSeconds(5), st -> st.state() == SourceStatus.State.ACTIVE);
                Thread.sleep(1100); // whole-second end times: let the renewed one differ
                RenewResult r = renew(KDC.environment("KCM:"), ALICE);
                assertTrue(r.succeeded(), r.message() + "\n" + kcm.log());
                Instant newEnd = KDC.klistTgt("KCM:").expires();
                CredentialEvent renewed = h.await("renewed at the next deadline", Duration.ofSeconds(10), e -> e.change() == Change.RENEWED);
                assertEquals(newEnd, renewed.endTime());
                assertTrue(renewed.renewable());
                List<CredentialEvent> upToOldEnd = h.barrierAt(oldEnd.plusMillis(1), Duration.ofSeconds(5));
                assertTrue(upToOldEnd.stream().noneMatch(e -> e.change() != Change.RENEWED && e.endTime().equals(oldEnd)),
                        "no warning for the old ticket: " + h.describe());

                KDC.kdestroy("KCM:");
                CredentialEvent destroyed = h.await("destroyed at the next deadline", Duration.ofSeconds(10), e -> e.change() == Change.DESTROYED);
                assertEquals(ALICE, destroyed.principal());
                List<CredentialEvent> upToNewEnd = h.barrierAt(newEnd.plusMillis(1), Duration.ofSeconds(5));
                assertEquals(Change.DESTROYED, upToNewEnd.getLast().change(), "nothing after kdestroy: " + h.describe());
            }
        }
    }
}
