package org.watchtray.core.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.Event;
import org.watchtray.core.settings.Settings;

/** USB readings as the agent serves them (records captured in the kernel lab), decided with one burst window. */
class UsbDecisionsTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private final UsbDecisions decisions = new UsbDecisions(new Settings.Usb(Duration.ofSeconds(2)));

    private static UsbReading.KernelLogRecord kmsg(long ms, String record) {
        return new UsbReading.KernelLogRecord(T0.plusMillis(ms), new Bytes(record.getBytes(StandardCharsets.UTF_8)));
    }

    private static final String ERROR = "3,290,7777997,-;usb 1-1: device descriptor read/64, error -71\n SUBSYSTEM=usb\n DEVICE=+usb:1-1\n";

    private static List<String> summaries(List<Event> events) {
        return events.stream().map(EnglishSummary::of).toList();
    }

    @Test
    void theFirstDeviceListIsRememberedAndALaterOneAnnouncesTheDifferences() {
        decisions.accept(new UsbReading.Devices(T0, Map.of("1-1", "Keyboard")));
        assertEquals(List.of(), decisions.flush(T0.plusSeconds(60)));
        decisions.accept(new UsbReading.Devices(T0.plusSeconds(61), Map.of("2-3", "Mouse")));
        assertEquals(List.of("USB 2-3 (Mouse) connected", "USB 1-1 (Keyboard) removed"), summaries(decisions.flush(T0.plusSeconds(70))));
    }

    @Test
    void aKernelRecordSeenBeforeIsNotCountedAgain() {
        decisions.accept(kmsg(0, ERROR));
        decisions.accept(kmsg(5, ERROR));             // the same record replayed (a snapshot after a loss, a restarted agent)
        List<Event> out = decisions.flush(T0.plusSeconds(10));
        assertEquals(List.of("USB 1-1: device descriptor read error (-71)"), summaries(out), "count 1, not ×2");
    }

    @Test
    void aShorterBurstWindowReleasesAWaitingBurstSooner() {
        UsbDecisions hour = new UsbDecisions(new Settings.Usb(Duration.ofHours(1)));
        hour.accept(kmsg(0, ERROR));
        assertEquals(T0.plus(Duration.ofHours(1)), hour.nextFlush().orElseThrow());
        hour.reconfigure(new Settings.Usb(Duration.ofMillis(10)));
        assertEquals(T0.plusMillis(10), hour.nextFlush().orElseThrow());
        assertEquals(1, hour.flush(T0.plusSeconds(1)).size());
    }

    @Test
    void aRecordThatDoesNotParseIsReported() {
        List<Event> problems = decisions.accept(kmsg(0, "garbage without a prefix"));
        assertEquals(List.of("meta.malformed"), problems.stream().map(Event::name).toList());
    }
}
