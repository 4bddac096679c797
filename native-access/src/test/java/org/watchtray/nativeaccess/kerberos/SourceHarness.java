package org.watchtray.nativeaccess.kerberos;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.watchtray.core.testing.LogCapture;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.kerberos.KerberosSource;
import org.watchtray.core.os.OsException;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.EventLoop;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.nativeaccess.NativeAccess;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/**
 * A source running on the real backend poller (epoll, timerfd deadlines), with every event it
 * emits recorded, and a probe on the same poller for barriers: a marker the probe emits at an
 * instant comes after everything the source emitted on deadlines due before it.
 */
final class SourceHarness implements AutoCloseable {
    static final LinuxLibc LIBC = new LinuxLibc();
    static final NativeAccess NATIVE = NativeAccess.linux();

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final LogCapture logCapture = LogCapture.named("org.watchtray.core");
    private final List<String> log = logCapture.lines();
    private final EventLoop poller;
    private final Probe probe = new Probe();
    private int barriers;

    SourceHarness(Source source) throws OsException {
        poller = new EventLoop(LIBC, Clock.systemUTC(), events::addAll);
        poller.add(source);
        poller.add(probe);
        poller.start();
    }

    /** The Kerberos source for this environment on the real libkrb5 and kernel. */
    static KerberosSource kerberos(Environment environment, Settings settings) {
        return new KerberosSource(NATIVE.kerberos(environment, Clock.systemUTC()), NATIVE.libc(), NATIVE.keyctl(),
                NATIVE.notificationQueues(), settings);
    }

    /** Emits markers on the backend thread, on deadlines of the same timerfd as the source's. */
    private static final class Probe implements Source {
        private SourceContext context;

        @Override
        public SourceId id() {
            return SourceId.META;
        }

        @Override
        public SourceStatus start(SourceContext ctx) {
            this.context = ctx;
            return SourceStatus.active(SourceId.META, "test probe");
        }

        @Override
        public void close() {
        }
    }

    EventLoop poller() {
        return poller;
    }

    List<CredentialEvent> credentials() {
        return events.stream().filter(e -> e instanceof CredentialEvent).map(e -> (CredentialEvent) e).toList();
    }

    List<SourceStatus> statuses() {
        return events.stream().filter(e -> e instanceof SourceStatusEvent s && s.status().source() != SourceId.META)
                .map(e -> ((SourceStatusEvent) e).status()).toList();
    }

    /** A marker the probe emits at one instant; see {@link #barrier}. */
    final class Barrier {
        private final Instant at;
        private final String marker;

        private Barrier(Instant at, String marker) {
            this.at = at;
            this.marker = marker;
        }

        /** Waits for the marker (up to {@code timeout} past its instant); the credential events that came before it. */
        List<CredentialEvent> before(Duration timeout) throws InterruptedException {
            return everythingBefore(timeout).stream().filter(e -> e instanceof CredentialEvent).map(e -> (CredentialEvent) e).toList();
        }

        /** Waits for the marker (up to {@code timeout} past its instant); every event that came before it. */
        List<Event> everythingBefore(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + Math.max(0, Duration.between(Instant.now(), at).toNanos()) + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                List<Event> seen = List.copyOf(events);
                for (int i = 0; i < seen.size(); i++) {
                    if (seen.get(i) instanceof DecodeProblem p && p.problem().equals(marker)) {
                        return seen.subList(0, i);
                    }
                }
                Thread.sleep(20);
            }
            fail("the probe's deadline at " + at + " did not run; events: " + describe() + "; log: " + log);
            return null;
        }
    }

    /**
     * Schedules a marker at {@code at} on the backend's timerfd. The loop runs due deadlines in
     * order of their instants, so the marker comes after every event of a source deadline due
     * before it: whatever a deadline at {@code t < at} says is in {@link Barrier#before}, and
     * whatever is missing there was not said on time. Schedule it before {@code at} passes.
     */
    Barrier barrier(Instant at) {
        Barrier b = new Barrier(at, "barrier " + (++barriers));
        poller.execute(() -> probe.context.schedule(at, () -> probe.context.emit(new DecodeProblem(at, SourceId.META, 0, b.marker, null))));
        return b;
    }

    /** {@link #barrier} and wait for it at once: for checks that nothing was said up to {@code at}. */
    List<CredentialEvent> barrierAt(Instant at, Duration timeout) throws InterruptedException {
        return barrier(at).before(timeout);
    }

    /** Waits for the first credential event matching {@code what}, failing with everything seen so far. */
    CredentialEvent await(String description, Duration timeout, Predicate<CredentialEvent> what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (CredentialEvent e : credentials()) {
                if (what.test(e)) {
                    return e;
                }
            }
            Thread.sleep(20);
        }
        fail("no " + description + " within " + timeout.toMillis() + " ms; events: " + describe() + "; log: " + log);
        return null;
    }

    SourceStatus awaitStatus(Duration timeout, Predicate<SourceStatus> what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (SourceStatus s : statuses()) {
                if (what.test(s)) {
                    return s;
                }
            }
            Thread.sleep(20);
        }
        fail("no matching status within " + timeout.toMillis() + " ms; statuses: " + statuses() + "; log: " + log);
        return null;
    }

    String describe() {
        List<String> lines = new ArrayList<>();
        for (Event e : events) {
            lines.add(e instanceof CredentialEvent c
                    ? c.time() + " " + c.name() + " " + c.principal() + " end=" + c.endTime() + " lead=" + c.lead()
                            + " renewable=" + c.renewable() + (c.reason().isEmpty() ? "" : " reason=" + c.reason())
                    : e.time() + " " + EnglishSummary.of(e));
        }
        return String.join("\n  ", lines);
    }

    List<String> log() {
        return log;
    }

    @Override
    public void close() {
        poller.close();
        logCapture.close();
    }
}
