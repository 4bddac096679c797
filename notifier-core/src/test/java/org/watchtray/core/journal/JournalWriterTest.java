package org.watchtray.core.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.event.UsbEvent;
import org.watchtray.core.source.SourceStatus;

/**
 * The writer's bookkeeping over a sink that answers as scripted (the real socket's EAGAIN and
 * ENOENT are produced with a real journald in native-access's NativeJournalTest).
 */
class JournalWriterTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** Answers each send with the next scripted outcome (SENT when the script is empty) and keeps what was sent. */
    static final class ScriptedSink implements JournalSink {
        final Deque<Delivery> script = new ArrayDeque<>();
        final List<List<JournalField>> sent = new ArrayList<>();

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

    private Instant now = T0;
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

    private static Event usb(int n) {
        return new UsbEvent(T0, UsbEvent.Change.RESET, "1-" + n, "", "", 0, 1, 0);
    }

    private static List<SourceStatus> statuses(List<Event> reports) {
        return reports.stream().filter(e -> e instanceof SourceStatusEvent).map(e -> ((SourceStatusEvent) e).status()).toList();
    }

    @Test
    void anAbsentJournalIsOneStatusThenCountedUntilItIsBackThenALossEvent() {
        ScriptedSink sink = new ScriptedSink();
        List<Event> reports = new ArrayList<>();
        JournalWriter w = new JournalWriter(sink, JournalEntries.DESKTOP, e -> true, clock, reports::add);
        w.setEnabled(true);
        assertEquals(List.of(SourceStatus.active(SourceId.JOURNAL, "native protocol to /test/socket")), statuses(reports));

        Delivery absent = new Delivery(Delivery.Outcome.ABSENT, "sendmsg to /test/socket: ENOENT, No such file or directory");
        for (int i = 0; i < 100; i++) {
            sink.script.add(absent);
        }
        for (int i = 0; i < 100; i++) {
            w.accept(List.of(usb(i)));
        }
        assertEquals(2, reports.size(), "one report for a hundred failures: " + reports);
        SourceStatus down = statuses(reports).get(1);
        assertEquals(SourceStatus.State.UNAVAILABLE, down.state());
        assertTrue(down.reason().contains("ENOENT"), down.reason());

        now = T0.plus(JournalWriter.RECOVERY);
        w.accept(List.of(usb(100)));
        assertEquals(SourceStatus.State.ACTIVE, statuses(reports).get(2).state());
        LossEvent loss = (LossEvent) reports.get(4 - 1);
        assertEquals(SourceId.JOURNAL, loss.affected());
        assertEquals(100, loss.lost());
        assertTrue(loss.summary().startsWith("100 events are missing from the systemd journal (not journaled between "), loss.summary());
        assertEquals(100, w.dropped());
        assertEquals(1, w.sent());
    }

    @Test
    void aFloodedJournalDoesNotFlapWhileSendsAlternate() {
        ScriptedSink sink = new ScriptedSink();
        List<Event> reports = new ArrayList<>();
        JournalWriter w = new JournalWriter(sink, JournalEntries.AGENT, e -> true, clock, reports::add);
        w.setEnabled(true);
        Delivery busy = new Delivery(Delivery.Outcome.BUSY, "sendmsg: EAGAIN");
        for (int i = 0; i < 50; i++) {
            sink.script.add(busy);
            sink.script.add(Delivery.SENT);
        }
        for (int i = 0; i < 100; i++) {
            now = T0.plusMillis(10L * i);
            w.accept(List.of(usb(i)));
        }
        assertEquals(List.of(SourceStatus.State.ACTIVE, SourceStatus.State.DEGRADED),
                statuses(reports).stream().map(SourceStatus::state).toList(), "no flapping: " + reports);
        now = now.plus(Duration.ofSeconds(6));
        w.accept(List.of(usb(1000)));
        assertEquals(50, ((LossEvent) reports.getLast()).lost());
    }

    @Test
    void onlyTheChosenEventsAreWrittenAndNothingWhenTurnedOff() {
        ScriptedSink sink = new ScriptedSink();
        List<Event> reports = new ArrayList<>();
        JournalWriter w = new JournalWriter(sink, JournalEntries.DESKTOP, e -> e.source() != SourceId.USB, clock, reports::add);
        w.accept(List.of(usb(1)));
        assertEquals(0, sink.sent.size(), "off until enabled");
        w.setEnabled(true);
        w.accept(List.of(usb(1), new LossEvent(T0, SourceId.KEYS, 3, "kernel queue overflow")));
        assertEquals(1, sink.sent.size());
        w.setEnabled(false);
        assertEquals(SourceStatus.State.DISABLED, statuses(reports).getLast().state());
        w.accept(List.of(new LossEvent(T0, SourceId.KEYS, 3, "kernel queue overflow")));
        assertEquals(1, sink.sent.size());
    }
}
