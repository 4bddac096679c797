package org.watchtray.nativeaccess.outbound;

import org.watchtray.core.journal.JournalSink;
import org.watchtray.nativeaccess.NativeAccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.journal.JournalEntries;
import org.watchtray.core.journal.JournalWire;
import org.watchtray.core.journal.JournalWriter;
import org.watchtray.core.journal.MessageIds;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.nativeaccess.lab.PrivateJournald;
import org.watchtray.nativeaccess.testing.MutableClock;

/** The journal writer over the native socket into a real journald: bursts, a stall, and the figures. */
class JournalWriterJournaldTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final PrivateJournald.PerClass JOURNALD = new PrivateJournald.PerClass("wt-writer-test");

    private static UsbEvent usb(String port, int n) {
        return new UsbEvent(Instant.now(), UsbEvent.Change.ENUMERATION_ERROR, port, "Dock \"X\"",
                "device descriptor read/64, error -71 (" + n + ")", -71, 1, n);
    }

    /** What {@code systemd-journal-upload} would send for these entries: their journal export format, in bytes. */
    private static long exportBytes(String... matches) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("journalctl", "--directory=" + JOURNALD.get().directory(), "-o", "export"));
        argv.addAll(List.of(matches));
        return PrivateJournald.Tool.run(argv, WAIT).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    @Test
    void aBurstOfEventsArrivesWhole() throws Exception {
        int n = 5000;
        List<Event> reports = new CopyOnWriteArrayList<>();
        long wireBytes = 0;
        try (JournalWriter w = new JournalWriter(NativeAccess.linux().journal(JOURNALD.get().socket(), JournalSink.SEND_TIMEOUT),
                JournalEntries.AGENT, e -> true, Clock.systemUTC(), reports::add, 10_000)) {
            w.start();
            w.setEnabled(true);
            List<Event> burst = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                UsbEvent e = usb("burst-" + (i % 8), i);
                burst.add(e);
                wireBytes += JournalWire.encode(JournalEntries.of(e, JournalEntries.AGENT)).length;
            }
            long t0 = System.nanoTime();
            w.accept(burst);
            long acceptNanos = System.nanoTime() - t0;
            assertTrue(w.awaitIdle(WAIT));
            long sendNanos = System.nanoTime() - t0;
            List<Map<String, String>> got = JOURNALD.get().await(l -> l.size() == n, WAIT,
                    "SYSLOG_IDENTIFIER=watchtray-agent", "MESSAGE_ID=" + MessageIds.of("usb.enumeration_error").orElseThrow());
            long inJournalNanos = System.nanoTime() - t0;
            assertEquals(0, w.dropped(), "a burst waits for journald instead of being dropped: " + reports);
            assertEquals(n, w.sent());
            assertEquals("usb.enumeration_error", got.getFirst().get("WATCHTRAY_EVENT"));
            long exported = exportBytes("SYSLOG_IDENTIFIER=watchtray-agent", "MESSAGE_ID=" + MessageIds.of("usb.enumeration_error").orElseThrow());
            System.out.printf(java.util.Locale.ROOT,
                    "journal figures: %d entries; accept() %.1f ms for the whole batch; sent in %.0f ms (%.0f entries/s); all readable"
                            + " in %.0f ms (%.0f entries/s); %.0f bytes per entry on the wire, %.0f bytes per entry in journal export format (what journal-upload sends)%n",
                    n, acceptNanos / 1e6, sendNanos / 1e6, n / (sendNanos / 1e9), inJournalNanos / 1e6, n / (inJournalNanos / 1e9),
                    (double) wireBytes / n, (double) exported / n);
        }
    }

    @Test
    void aStalledJournaldIsDegradedThenTheLossIsJournaledWhenItIsBack() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        List<Event> reports = new CopyOnWriteArrayList<>();
        try (JournalWriter w = new JournalWriter(NativeAccess.linux().journal(JOURNALD.get().socket(), Duration.ofMillis(100)),
                JournalEntries.AGENT, e -> true, clock, reports::add, 50)) {
            w.start();
            w.setEnabled(true);
            JOURNALD.get().pause();
            try {
                for (int i = 0; i < 200; i++) {
                    w.accept(List.of(usb("stall", i)));
                }
                assertTrue(w.awaitIdle(WAIT));
            } finally {
                JOURNALD.get().resume();
            }
            long dropped = w.dropped();
            assertTrue(dropped > 0, "a stopped journald takes only its queue's worth");
            SourceStatus degraded = reports.stream().filter(e -> e instanceof SourceStatusEvent).map(e -> ((SourceStatusEvent) e).status())
                    .filter(s -> s.state() == SourceStatus.State.DEGRADED).findFirst().orElseThrow(() -> new AssertionError(reports.toString()));
            assertEquals(SourceId.JOURNAL, degraded.source());

            clock.advance(JournalWriter.RECOVERY);
            w.accept(List.of(usb("after", 0)));
            assertTrue(w.awaitIdle(WAIT));
            LossEvent loss = (LossEvent) reports.getLast();
            assertEquals(dropped, loss.lost());
            // The loss report itself goes into the journal once it is back (the root routes reports to the hub; here, by hand).
            w.accept(List.of(loss));
            assertTrue(w.awaitIdle(WAIT));
            Map<String, String> journaled = JOURNALD.get().await(l -> l.size() == 1, WAIT, "MESSAGE_ID=" + MessageIds.of("meta.loss").orElseThrow(),
                    "WATCHTRAY_AFFECTED=journal").getFirst();
            assertEquals(Long.toString(dropped), journaled.get("WATCHTRAY_LOST"));
        }
    }
}
