package org.watchtray.nativeaccess.kerberos;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.core.source.EventLoop;

/** A source running on the real backend poller (epoll, timerfd deadlines), with every event it emits recorded. */
final class SourceHarness implements AutoCloseable {
    static final LinuxLibc LIBC = new LinuxLibc();

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final EventLoop poller;

    SourceHarness(Source source) throws OsException {
        poller = new EventLoop(LIBC, Clock.systemUTC(), events::addAll, log::add);
        poller.add(source);
        poller.start();
    }

    EventLoop poller() {
        return poller;
    }

    List<CredentialEvent> credentials() {
        return events.stream().filter(e -> e instanceof CredentialEvent).map(e -> (CredentialEvent) e).toList();
    }

    List<SourceStatus> statuses() {
        return events.stream().filter(e -> e instanceof SourceStatusEvent).map(e -> ((SourceStatusEvent) e).status()).toList();
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
                    : e.time() + " " + e.summary());
        }
        return String.join("\n  ", lines);
    }

    List<String> log() {
        return log;
    }

    @Override
    public void close() {
        poller.close();
    }
}
