package org.watchtray.nativeaccess.kerberos;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.watchtray.core.event.Event;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.keys.KeySource;
import org.watchtray.core.kerberos.CredentialEvent.Change;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.nativeaccess.lab.TestKdc;

/**
 * Runs inside the kernel lab VM, where setting CLOCK_REALTIME harms nobody: a ticket that ends
 * in 50 min with a 30 min lead time, and a key (the kernel's own timeout, on the real clock) that
 * expires in 50 min with a 30 min expiry warning, then the wall clock jumps as it does after a suspend (the wall
 * clock leaps forward, the monotonic clock does not) and back, as an NTP correction or a
 * user's {@code date} would. The warning must come once when the clock passes its time, and
 * never again for the same ticket when the clock goes back and forward over it. Barriers (probe
 * markers on the same timerfd as the source's deadlines) close each negative check. Prints
 * tab-separated facts; exits 1 with the reason when a step fails.
 */
public final class ClockJumpScenario {
    private ClockJumpScenario() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        TestKdc kdc = new TestKdc();
        kdc.start();
        long originalOffset = 0;
        try {
            kdc.addPrincipal("alice", "alice-pw", "4 hours", "1 day");
            String cache = "FILE:/tmp/wt-clock-cc";
            kdc.kinit(cache, "alice", "alice-pw", "-l", "50m"); // the test realm caps tickets at 1 h
            out.println("TGT\t" + kdc.klistTgt(cache));
            Settings d = Settings.defaults();
            Settings settings = SettingsBuilder.from(d).kerberos(new Settings.Kerberos(List.of(Duration.ofMinutes(30)), false, List.of())).build();
            // A key that expires in 50 min, watched with a 30 min expiry warning, through the same leaps.
            String ring = command("keyctl", "newring", "wt-clock", "@u");
            String key = command("keyctl", "add", "user", "wt-clock-key", "payload", ring);
            command("keyctl", "timeout", key, "3000");
            KeySource keySource = new KeySource(SourceHarness.NATIVE.keyctl(), SourceHarness.NATIVE.notificationQueues(),
                    new Settings.Keys(List.of(ring), Duration.ofMinutes(30), Duration.ofMinutes(10), List.of()));
            try (SourceHarness h = new SourceHarness(SourceHarness.kerberos(kdc.environment(cache), settings));
                 SourceHarness k = new SourceHarness(keySource)) {
                k.awaitStatus(Duration.ofSeconds(60), s -> s.state() != SourceStatus.State.UNAVAILABLE);
                check(keyWarnings(k.barrier(Instant.now().plusSeconds(1)).everythingBefore(Duration.ofSeconds(60))) == 0,
                        "no key warning 50 min before its expiry");
                h.awaitStatus(Duration.ofSeconds(60), s -> s.state() != SourceStatus.State.UNAVAILABLE);
                check(warnings(h.barrierAt(Instant.now().plusSeconds(1), Duration.ofSeconds(60))) == 0, "no warning 50 min before the end, with a 30 min lead");

                // Suspend for 30 minutes: the wall clock leaps, the monotonic clock stands still.
                originalOffset += jump(Duration.ofMinutes(30));
                Instant jumped = Instant.now();
                CredentialEvent warning = h.await("the 30 min warning after the leap", Duration.ofSeconds(60),
                        e -> e.change() == Change.EXPIRES_SOON);
                out.println("WARNED_AFTER_LEAP_MS\t" + Duration.between(jumped, Instant.now()).toMillis());
                out.println("WARNING\t" + warning.lead() + "\t" + org.watchtray.core.event.EnglishSummary.of(warning));
                check(warnings(h.barrierAt(Instant.now().plusSeconds(2), Duration.ofSeconds(60))) == 1, "one warning, not two");
                Instant waitFrom = Instant.now();
                List<Event> seen;
                while (keyWarnings(seen = k.barrier(Instant.now().plusMillis(200)).everythingBefore(Duration.ofSeconds(60))) == 0) {
                    check(Duration.between(waitFrom, Instant.now()).toSeconds() < 60, "the key's warning after the leap");
                }
                // When the source said it (the event's own time), not when this loop looked.
                Instant keyWarnedAt = seen.stream().filter(e -> e instanceof KeyEvent ke && ke.change() == KeyEvent.Change.EXPIRES_SOON)
                        .map(Event::time).findFirst().orElseThrow();
                out.println("KEY_WARNED_AFTER_LEAP_MS\t" + Duration.between(jumped, keyWarnedAt).toMillis());

                // The clock goes back (NTP, a user's date): the ticket has 50 min left again; nothing is said.
                originalOffset += jump(Duration.ofMinutes(-30));
                check(warnings(h.barrierAt(Instant.now().plusSeconds(2), Duration.ofSeconds(60))) == 1, "no warning after going back");
                check(keyWarnings(k.barrier(Instant.now().plusSeconds(2)).everythingBefore(Duration.ofSeconds(60))) == 1,
                        "no second key warning after going back");

                // And forward over the same time again: the same ticket's warning was already given.
                originalOffset += jump(Duration.ofMinutes(30));
                int after = warnings(h.barrierAt(Instant.now().plusSeconds(3), Duration.ofSeconds(60)));
                out.println("WARNINGS_AFTER_SECOND_LEAP\t" + after);
                check(after == 1, "the warning for the same ticket is not repeated (" + after + " warnings)");
                int keyAfter = keyWarnings(k.barrier(Instant.now().plusSeconds(3)).everythingBefore(Duration.ofSeconds(60)));
                out.println("KEY_WARNINGS_AFTER_SECOND_LEAP\t" + keyAfter);
                check(keyAfter == 1, "the warning for the same key is not repeated (" + keyAfter + " warnings)");
                for (CredentialEvent e : h.credentials()) {
                    out.println("EVENT\t" + e.change().wireName() + "\t" + e.lead() + "\t" + e.principal());
                }
            }
            out.println("OK");
        } catch (AssertionError e) {
            out.println("FAILED\t" + e.getMessage().replace('\n', ' '));
            out.println("EVENTS\t" + lastEvents.replace('\n', ' '));
            jump(Duration.ofMillis(-originalOffset));
            kdc.stop();
            System.exit(1);
        } finally {
            kdc.stop();
        }
        System.exit(0);
    }

    private static String lastEvents = "";

    private static int warnings(List<CredentialEvent> events) {
        lastEvents = events.toString();
        return (int) events.stream().filter(e -> e.change() == Change.EXPIRES_SOON).count();
    }

    private static int keyWarnings(List<Event> events) {
        lastEvents = events.toString();
        return (int) events.stream().filter(e -> e instanceof KeyEvent ke && ke.change() == KeyEvent.Change.EXPIRES_SOON).count();
    }

    private static String command(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", argv) + " failed: " + said);
        }
        return said;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** Sets CLOCK_REALTIME by {@code by} (the VM's own clock); returns the millis moved. */
    private static long jump(Duration by) throws Exception {
        long to = System.currentTimeMillis() + by.toMillis();
        Process date = new ProcessBuilder("date", "-s", "@" + to / 1000 + "." + String.format("%03d", to % 1000)).redirectErrorStream(true).start();
        String said = new String(date.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (date.waitFor() != 0) {
            throw new AssertionError("date -s failed: " + said);
        }
        return by.toMillis();
    }
}
