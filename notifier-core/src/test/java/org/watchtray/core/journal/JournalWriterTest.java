package org.watchtray.core.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.source.SourceStatus;

/**
 * The writer's queueing and bookkeeping over a sink that answers as scripted (the real
 * socket's EAGAIN, ENOENT and ECONNREFUSED come from a real journald in native-access's
 * NativeJournalTest).
 */
class JournalWriterTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Answers each send with the next scripted outcome (SENT when the script is empty) and keeps what was sent. */
    static class ScriptedSink implements JournalSink {
        final Deque<Delivery> script = new ConcurrentLinkedDeque<>();
        final List<List<JournalField>> sent = new CopyOnWriteArrayList<>();

        @Override
        public Delivery send(List<JournalField> entry) {
            Delivery d = script.isEmpty() ? Delivery.SENT : script.poll();
            if (d.sent()) {
                sent.add(entry);
            }
            return d;
        }

        @Override
        public String describe() {
            return "native protocol to /test/socket";
        }

        @Override
        public void close() {
        }
    }

    private volatile Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final List<Event> reports = new CopyOnWriteArrayList<>();

    private static Event usb(int n) {
        return new UsbEvent(T0, UsbEvent.Change.RESET, "1-" + n, "", "", 0, 1, 0);
    }

    private List<SourceStatus.State> states() {
        return reports.stream().filter(e -> e instanceof SourceStatusEvent).map(e -> ((SourceStatusEvent) e).status().state()).toList();
    }

    private JournalWriter writer(JournalSink sink, int capacity) {
        JournalWriter w = new JournalWriter(sink, JournalEntries.DESKTOP, e -> true, clock, reports::add, capacity);
        w.start();
        w.setEnabled(true);
        return w;
    }

    @Test
    void anAbsentJournalIsOneStatusThenCountedUntilItIsBackThenALossEvent() throws Exception {
        ScriptedSink sink = new ScriptedSink();
        try (JournalWriter w = writer(sink, 1000)) {
            assertEquals(List.of(new SourceStatusEvent(T0, SourceStatus.active(SourceId.JOURNAL, "native protocol to /test/socket"))), reports);
            Delivery absent = new Delivery(Delivery.Outcome.ABSENT, "sendmsg on /test/socket: ENOENT, No such file or directory");
            for (int i = 0; i < 100; i++) {
                sink.script.add(absent);
            }
            for (int i = 0; i < 100; i++) {
                w.accept(List.of(usb(i)));
            }
            assertTrue(w.awaitIdle(WAIT));
            assertEquals(List.of(SourceStatus.State.ACTIVE, SourceStatus.State.UNAVAILABLE), states(), "one report for a hundred failures");
            assertTrue(((SourceStatusEvent) reports.get(1)).status().reason().contains("ENOENT"), EnglishSummary.of(reports.get(1)));

            now = T0.plus(JournalWriter.RECOVERY);
            w.accept(List.of(usb(100)));
            assertTrue(w.awaitIdle(WAIT));
            assertEquals(List.of(SourceStatus.State.ACTIVE, SourceStatus.State.UNAVAILABLE, SourceStatus.State.ACTIVE), states());
            LossEvent loss = (LossEvent) reports.getLast();
            assertEquals(SourceId.JOURNAL, loss.affected());
            assertEquals(100, loss.lost());
            assertTrue(EnglishSummary.of(loss).startsWith("100 events are missing from the systemd journal (not journaled between "), EnglishSummary.of(loss));
            assertEquals(100, w.dropped());
            assertEquals(1, w.sent());
        }
    }

    @Test
    void aFloodedJournalDoesNotFlapWhileSendsAlternate() throws Exception {
        ScriptedSink sink = new ScriptedSink();
        Delivery busy = new Delivery(Delivery.Outcome.BUSY, "sendmsg: EAGAIN");
        for (int i = 0; i < 50; i++) {
            sink.script.add(busy);
            sink.script.add(Delivery.SENT);
        }
        try (JournalWriter w = writer(sink, 1000)) {
            for (int i = 0; i < 100; i++) {
                w.accept(List.of(usb(i)));
            }
            assertTrue(w.awaitIdle(WAIT));
            assertEquals(List.of(SourceStatus.State.ACTIVE, SourceStatus.State.DEGRADED), states(), "no flapping: " + reports);
            now = now.plus(Duration.ofSeconds(6));
            w.accept(List.of(usb(1000)));
            assertTrue(w.awaitIdle(WAIT));
            assertEquals(50, ((LossEvent) reports.getLast()).lost());
        }
    }

    @Test
    void acceptNeverWaitsForAStuckSinkAndCountsWhatDidNotFit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ScriptedSink stuck = new ScriptedSink() {
            @Override
            public Delivery send(List<JournalField> entry) {
                try {
                    release.await(); // journald stalled: the writer thread waits, nobody else does
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.send(entry);
            }
        };
        try (JournalWriter w = writer(stuck, 10)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                w.accept(List.of(usb(i)));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            release.countDown();
            assertTrue(w.awaitIdle(WAIT));
            assertTrue(millis < 5_000, "accept waited " + millis + " ms");
            assertEquals(1000, w.sent() + w.dropped());
            assertTrue(w.dropped() >= 1000 - 11, "at most capacity + the one in hand got through: " + w.dropped());
            assertEquals(SourceStatus.State.DEGRADED, states().getLast());
            assertTrue(EnglishSummary.of(reports.getLast()).contains("more than 10 entries were waiting for journald"), EnglishSummary.of(reports.getLast()));
        }
    }

    @Test
    void onlyTheChosenEventsAreWrittenAndNothingWhenTurnedOff() throws Exception {
        ScriptedSink sink = new ScriptedSink();
        try (JournalWriter w = new JournalWriter(sink, JournalEntries.DESKTOP, e -> e.source() != SourceId.USB, clock, reports::add, 100)) {
            w.start();
            w.accept(List.of(new LossEvent(T0, SourceId.KEYS, 3, "kernel queue overflow")));
            assertTrue(w.awaitIdle(WAIT));
            assertEquals(0, sink.sent.size(), "off until enabled");
            w.setEnabled(true);
            w.accept(List.of(usb(1), new LossEvent(T0, SourceId.KEYS, 3, "kernel queue overflow")));
            assertTrue(w.awaitIdle(WAIT));
            assertEquals(1, sink.sent.size());
            w.setEnabled(false);
            assertEquals(SourceStatus.State.DISABLED, states().getLast());
            w.accept(List.of(new LossEvent(T0, SourceId.KEYS, 3, "kernel queue overflow")));
            assertTrue(w.awaitIdle(WAIT));
            assertEquals(1, sink.sent.size());
        }
    }
}
