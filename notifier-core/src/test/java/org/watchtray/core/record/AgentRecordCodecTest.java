package org.watchtray.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.core.kerberos.CredentialEvent;
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
                new WatchRecord.AgentHello(0, 0, T, 1, "watchtray-agent 0.1"),
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
        assertTrue(!back.summary().contains("\n") && !back.summary().contains("\u001b"), back.summary());
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

    @Test
    void aTruncatedPayloadIsMalformedNotAnException() {
        byte[] record = AgentRecordCodec.encode(samples().get(2));
        int shortLength = record.length - 3;
        record[6] = (byte) shortLength; // info bits 16–23: claim a shorter record
        WatchRecord r = RecordDecoder.decode(record, 0, shortLength).getFirst();
        assertInstanceOf(WatchRecord.Malformed.class, r);
    }
}
