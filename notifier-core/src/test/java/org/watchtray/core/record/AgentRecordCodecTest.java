package org.watchtray.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.source.Reading;
import org.watchtray.core.thinpool.ThinPoolReading;
import org.watchtray.core.usb.UsbReading;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.source.SourceStatus;

class AgentRecordCodecTest {
    private static final Instant T = Instant.parse("2025-03-01T12:34:56.789012Z");

    static List<Event> samples() {
        return List.of(
                new ThinPoolEvent(T, ThinPoolEvent.Change.DATA_THRESHOLD, Severity.CRITICAL, "vg0-pool-tpool", "vg0/pool",
                        91.25, 12.5, 90, Duration.ofMinutes(42), "rw"),
                new ThinPoolEvent(T, ThinPoolEvent.Change.STATUS, null, "p", null, Double.NaN, Double.NaN, 0, null, ""),
                new UsbEvent(T, UsbEvent.Change.ENUMERATION_ERROR, "1-1.2", "Keyboard", "device descriptor read/64, error -71", -71, 3, 7),
                new UsbEvent(T, UsbEvent.Change.ADDED, "2-1", null, null, 0, 1, 0),
                new LossEvent(T, SourceId.USB, 17, "agent queue for uid 1000 was full"),
                new LossEvent(T, SourceId.THINPOOL, -1, null),
                new SourceStatusEvent(T, SourceStatus.degraded(SourceId.USB, "uevents only", "/dev/kmsg: EACCES")),
                new SourceStatusEvent(T, SourceStatus.active(SourceId.THINPOOL, "DM_DEV_ARM_POLL on /dev/mapper/control")));
    }

    @Test
    void everyAgentEventRoundTripsThroughTheSharedDecoder() {
        for (Event e : samples()) {
            byte[] record = AgentRecordCodec.encode(e);
            List<WatchRecord> decoded = RecordDecoder.decode(record);
            assertEquals(List.of(new WatchRecord.AgentEvent(0, 0, e)), decoded, e.name());
        }
    }

    @Test
    void severalRecordsInOneBufferDecodeInOrderWithOffsets() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(AgentRecordCodec.hello(T, WatchTypes.AGENT_PROTOCOL_VERSION, "watchtray-agent 0.1"));
        int second = buf.size();
        buf.writeBytes(AgentRecordCodec.snapshotBegin(T, SourceId.THINPOOL));
        int third = buf.size();
        buf.writeBytes(AgentRecordCodec.withWatchId(AgentRecordCodec.encode(samples().getFirst()), 7));
        int fourth = buf.size();
        buf.writeBytes(AgentRecordCodec.snapshotEnd(T, SourceId.THINPOOL));

        List<WatchRecord> records = RecordDecoder.decode(buf.toByteArray());

        assertEquals(List.of(
                new WatchRecord.AgentHello(0, 0, T, WatchTypes.AGENT_PROTOCOL_VERSION, "watchtray-agent 0.1"),
                new WatchRecord.SnapshotMarker(second, 0, T, WatchRecord.SnapshotMarker.Boundary.BEGIN, SourceId.THINPOOL),
                new WatchRecord.AgentEvent(third, 7, samples().getFirst()),
                new WatchRecord.SnapshotMarker(fourth, 0, T, WatchRecord.SnapshotMarker.Boundary.END, SourceId.THINPOOL)), records);
    }

    @Test
    void hostileStringsSurviveAsDataAndSummariesStayOneLine() {
        String port = "1-1\n<b>fake</b>\u001b[31m";
        UsbEvent e = new UsbEvent(T, UsbEvent.Change.RESET, port, "\u202eevil", "a\u0000b", 0, 1, 0);
        Event back = ((WatchRecord.AgentEvent) RecordDecoder.decode(AgentRecordCodec.encode(e)).getFirst()).event();
        assertEquals(e, back);
        assertTrue(!EnglishSummary.of(back).contains("\n") && !EnglishSummary.of(back).contains("\u001b"), EnglishSummary.of(back));
    }

    @Test
    void invalidUtf8OnTheWireBecomesReplacementCharacters() {
        byte[] record = AgentRecordCodec.encode(new UsbEvent(T, UsbEvent.Change.RESET, "abc", "", "", 0, 1, 0));
        int portText = 8 + 8 + 4 + 4 + 4 + 2; // header, time, errno, count, port failures, port length
        record[portText] = (byte) 0xC3;       // a lead byte followed by ASCII: invalid
        record[portText + 2] = (byte) 0xFF;   // never valid in UTF-8
        UsbEvent back = (UsbEvent) ((WatchRecord.AgentEvent) RecordDecoder.decode(record).getFirst()).event();
        assertEquals("\uFFFDb\uFFFD", back.port());
    }

    @Test
    void longStringsAreCutAtACharacterBoundary() {
        String message = "é".repeat(3000); // 6000 UTF-8 bytes
        byte[] record = AgentRecordCodec.encode(new UsbEvent(T, UsbEvent.Change.ERROR, "1-1", "", message, 0, 1, 0));
        UsbEvent back = (UsbEvent) ((WatchRecord.AgentEvent) RecordDecoder.decode(record).getFirst()).event();
        assertEquals("é".repeat(2048), back.message());
    }

    @Test
    void eventsTheAgentDoesNotSendAreRefused() {
        Event credential = new CredentialEvent(T, CredentialEvent.Change.EXPIRED, "a@B", "KCM:", T, null, false, null, null);
        assertThrows(IllegalArgumentException.class, () -> AgentRecordCodec.encode(credential));
    }

    static List<Reading> readings() {
        return List.of(
                new ThinPoolReading.Status(T, "vg0-pool-tpool", "LVM-" + "a".repeat(64) + "-tpool", "7:0 7:1 128 768 1 error_if_no_space",
                        "0 214/2048 810/1024 - rw discard_passdown error_if_no_space - 512 "),
                new ThinPoolReading.Status(T, "bare", "", "", "Fail"),
                new ThinPoolReading.Gone(T, "vg0-pool-tpool"),
                new UsbReading.KernelLogRecord(T, new Bytes("3,101,4446944,-;usb 1-1: device descriptor read/64, error -71\n SUBSYSTEM=usb\n"
                        .getBytes(StandardCharsets.UTF_8))),
                new UsbReading.KernelLogRecord(T, new Bytes(new byte[] {0, (byte) 0xFF, 10})),
                new UsbReading.UeventDatagram(T, new Bytes("add@/devices/x/usb1/1-1\0ACTION=add\0".getBytes(StandardCharsets.UTF_8)), "Stick"),
                new UsbReading.Devices(T, Map.of("1-1", "Keyboard", "2-1.4", "")),
                new UsbReading.Devices(T, Map.of()));
    }

    @Test
    void everyReadingRoundTripsByteForByte() {
        for (Reading r : readings()) {
            assertEquals(List.of(new WatchRecord.AgentReading(0, 0, r)), RecordDecoder.decode(AgentRecordCodec.encode(r)), r.toString());
        }
        assertEquals(List.of(new WatchRecord.SessionProtocol(0, 0, T, 2)), RecordDecoder.decode(AgentRecordCodec.protocol(T, 2)));
    }

    @Test
    void aRawRecordTooLargeForItsFieldIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> AgentRecordCodec.encode(new UsbReading.KernelLogRecord(T, new Bytes(new byte[40_000]))));
    }

    /** The reproducers: an absent (0xffff) port or pool name is malformed, not a record whose summary throws. */
    @Test
    void anAbsentPortOrPoolIsMalformed() {
        WatchRecord usb = RecordDecoder.decode(HexFormat.of().parseHex(
                "025457020000220090009fa9462f0600b9ffffff0100000002000000ffff00000000")).getFirst();
        assertEquals("USB enumeration_error record: port is absent (length 0xffff at byte 28) but is required",
                assertInstanceOf(WatchRecord.Malformed.class, usb).problem());
        WatchRecord pool = RecordDecoder.decode(HexFormat.of().parseHex(
                "015457010000350090009fa9462f06000000000000e05640000000000080284000180d8f000000005a00000002ffffffff02007277")).getFirst();
        assertEquals("thin-pool data_threshold record: pool is absent (length 0xffff at byte 45) but is required",
                assertInstanceOf(WatchRecord.Malformed.class, pool).problem());
        for (WatchRecord r : List.of(usb, pool)) {
            assertEquals(SourceId.META, new RecordEvents(java.time.Clock.systemUTC(), SourceId.META).toEvent(r).orElseThrow().source());
        }
        byte[] gone = AgentRecordCodec.encode(new ThinPoolReading.Gone(T, "p"));
        gone[16] = (byte) 0xFF;
        gone[17] = (byte) 0xFF;
        assertInstanceOf(WatchRecord.Malformed.class, RecordDecoder.decode(gone, 0, 18).getFirst());
    }

    @Test
    void eventsMadeWithoutAPortOrPoolStillSayWhatHappened() {
        UsbEvent usb = new UsbEvent(T, UsbEvent.Change.RESET, null, null, null, 0, 1, 0);
        assertEquals("USB  was reset", EnglishSummary.of(usb));
        ThinPoolEvent pool = new ThinPoolEvent(T, ThinPoolEvent.Change.OUT_OF_DATA_SPACE, null, null, null, Double.NaN, Double.NaN, 0, null, null);
        assertEquals("Thin pool \u201c\u201d is out of data space: writes fail", EnglishSummary.of(pool));
    }

    @Test
    void aTruncatedPayloadIsMalformedNotAnException() {
        byte[] record = AgentRecordCodec.encode(samples().get(2));
        int shortLength = record.length - 3;
        record[6] = (byte) shortLength; // info bits 16–23: claim a shorter record
        WatchRecord r = RecordDecoder.decode(record, 0, shortLength).getFirst();
        assertInstanceOf(WatchRecord.Malformed.class, r);
    }
}
