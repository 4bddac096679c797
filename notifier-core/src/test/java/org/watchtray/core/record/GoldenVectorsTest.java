package org.watchtray.core.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.thinpool.ThinPoolReading;
import org.watchtray.core.usb.UsbReading;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.record.WatchRecord.AgentEvent;
import org.watchtray.core.record.WatchRecord.AgentHello;
import org.watchtray.core.record.WatchRecord.KeyNotification;
import org.watchtray.core.record.WatchRecord.Loss;
import org.watchtray.core.record.WatchRecord.Malformed;
import org.watchtray.core.record.WatchRecord.Removal;
import org.watchtray.core.record.WatchRecord.SnapshotMarker;
import org.watchtray.core.record.WatchRecord.Unknown;
import org.watchtray.core.source.SourceStatus;

/**
 * Decodes every golden vector of docs/wire-format.md and compares it with what the document
 * says it means; watchtray's own vectors must also be exactly what the encoder produces.
 */
class GoldenVectorsTest {
    private static final int KEYRING = 489570112;   // 0x1d2e3f40
    private static final int LINKED_KEY = 994860398; // 0x3b4c5d6e
    private static final Instant T = Instant.parse("2025-03-01T12:00:00.250Z");

    private static final Map<String, byte[]> DOC = WireFormatDoc.vectors();

    private static final LossEvent AGENT_LOSS = new LossEvent(T, SourceId.USB, 3, "subscriber queue full");
    private static final SourceStatusEvent SOURCE_STATUS =
            new SourceStatusEvent(T, SourceStatus.degraded(SourceId.USB, "uevents", "kmsg: EACCES"));
    private static final ThinPoolEvent THIN_POOL = new ThinPoolEvent(T, ThinPoolEvent.Change.DATA_THRESHOLD, Severity.WARNING,
            "vg0-pool-tpool", "vg0/pool", 91.5, 12.25, 90, Duration.ofMinutes(40), "rw");
    private static final UsbEvent USB = new UsbEvent(T, UsbEvent.Change.ENUMERATION_ERROR, "1-1.2", "",
            "device descriptor read/64, error -71", -71, 1, 2);

    private static final ThinPoolReading.Status POOL_READING = new ThinPoolReading.Status(T, "pool", "",
            "7:0 7:1 128 768 1 error_if_no_space", "0 214/2048 810/1024 - rw discard_passdown error_if_no_space - 512 ");
    private static final ThinPoolReading.Gone POOL_GONE = new ThinPoolReading.Gone(T, "pool");
    private static final UsbReading.KernelLogRecord KERNEL_LOG = new UsbReading.KernelLogRecord(T, new Bytes(
            "3,290,7777997,-;usb 1-1: device descriptor read/64, error -71\n SUBSYSTEM=usb\n DEVICE=+usb:1-1\n".getBytes(StandardCharsets.UTF_8)));
    private static final UsbReading.UeventDatagram UEVENT = new UsbReading.UeventDatagram(T, new Bytes(
            "remove@/usb1/1-1\0ACTION=remove\0DEVPATH=/usb1/1-1\0SUBSYSTEM=usb\0DEVTYPE=usb_device\0SEQNUM=7\0".getBytes(StandardCharsets.UTF_8)),
            "Stick");
    private static final UsbReading.Devices DEVICES = new UsbReading.Devices(T, Map.of("1-1", "Test Stick", "2-1.4", ""));

    /** What each vector decodes to, built from the vector's own bytes for the raw fields. */
    private static final Map<String, Function<byte[], List<WatchRecord>>> EXPECTED = Map.ofEntries(
            Map.entry("removal-short", v -> List.of(new Removal(0, 2, OptionalLong.empty(), raw(v, 0, 8)))),
            Map.entry("removal-long", v -> List.of(new Removal(0, 2, OptionalLong.of(KEYRING), raw(v, 0, 16)))),
            Map.entry("loss", v -> List.of(new Loss(0, 0, raw(v, 0, 8)))),
            Map.entry("key-instantiated", v -> List.of(key(v, 0, 0, 1, KEYRING, 0))),
            Map.entry("key-updated", v -> List.of(key(v, 0, 1, 1, KEYRING, 0))),
            Map.entry("key-linked", v -> List.of(key(v, 0, 2, 1, KEYRING, LINKED_KEY))),
            Map.entry("key-unlinked", v -> List.of(key(v, 0, 3, 1, KEYRING, LINKED_KEY))),
            Map.entry("key-cleared", v -> List.of(key(v, 0, 4, 1, KEYRING, 0))),
            Map.entry("key-revoked", v -> List.of(key(v, 0, 5, 1, KEYRING, 0))),
            Map.entry("key-invalidated", v -> List.of(key(v, 0, 6, 1, KEYRING, 0))),
            Map.entry("key-setattr", v -> List.of(key(v, 0, 7, 1, KEYRING, 0))),
            Map.entry("batch", v -> List.of(
                    key(v, 0, 2, 1, KEYRING, LINKED_KEY),
                    key(v, 16, 7, 3, LINKED_KEY, 0),
                    new Removal(32, 3, OptionalLong.empty(), raw(v, 32, 8)),
                    new Loss(40, 0, raw(v, 40, 8)))),
            Map.entry("malformed-zero-length", v -> List.of(
                    new Malformed(0, 16, "record length 0 is shorter than the 8-byte header", raw(v, 0, 16)),
                    new Loss(16, 0, raw(v, 16, 8)))),
            Map.entry("malformed-past-end", v -> List.of(
                    new Malformed(0, 16, "record length 127 runs past the end (16 bytes left)", raw(v, 0, 16)))),
            Map.entry("malformed-wrong-size", v -> List.of(
                    new Malformed(0, 12, "key record is 12 bytes, expected 16", raw(v, 0, 12)),
                    new Removal(12, 1, OptionalLong.empty(), raw(v, 12, 8)))),
            Map.entry("unknown-type", v -> List.of(
                    new Unknown(0, 2, 0, 0, raw(v, 0, 12)),
                    new Loss(12, 0, raw(v, 12, 8)))),
            Map.entry("malformed-short-tail", v -> List.of(
                    new Loss(0, 0, raw(v, 0, 8)),
                    new Malformed(8, 3, "only 3 bytes left at the end, too few for an 8-byte header", raw(v, 8, 3)))),
            Map.entry("malformed-absent-port", v -> List.of(new Malformed(0, 34,
                    "USB enumeration_error record: port is absent (length 0xffff at byte 28) but is required", raw(v, 0, 34)))),
            Map.entry("malformed-absent-pool", v -> List.of(new Malformed(0, 53,
                    "thin-pool data_threshold record: pool is absent (length 0xffff at byte 45) but is required", raw(v, 0, 53)))),
            Map.entry("agent-hello", v -> List.of(new AgentHello(0, 0, T, 2, "watchtray-agent 0.1"))),
            Map.entry("desktop-hello", v -> List.of(new AgentHello(0, 0, T, 2, "watchtray desktop"))),
            Map.entry("agent-protocol", v -> List.of(new WatchRecord.SessionProtocol(0, 0, T, 2))),
            Map.entry("thinpool-reading", v -> List.of(new WatchRecord.AgentReading(0, 0, POOL_READING))),
            Map.entry("thinpool-gone", v -> List.of(new WatchRecord.AgentReading(0, 0, POOL_GONE))),
            Map.entry("usb-kernel-log", v -> List.of(new WatchRecord.AgentReading(0, 0, KERNEL_LOG))),
            Map.entry("usb-uevent", v -> List.of(new WatchRecord.AgentReading(0, 0, UEVENT))),
            Map.entry("usb-devices", v -> List.of(new WatchRecord.AgentReading(0, 0, DEVICES))),
            Map.entry("agent-loss", v -> List.of(new AgentEvent(0, 0, AGENT_LOSS))),
            Map.entry("agent-snapshot-begin", v -> List.of(
                    new SnapshotMarker(0, 0, T, SnapshotMarker.Boundary.BEGIN, SourceId.THINPOOL))),
            Map.entry("agent-snapshot-end", v -> List.of(
                    new SnapshotMarker(0, 0, T, SnapshotMarker.Boundary.END, SourceId.THINPOOL))),
            Map.entry("agent-source-status", v -> List.of(new AgentEvent(0, 0, SOURCE_STATUS))),
            Map.entry("thinpool-data-threshold", v -> List.of(new AgentEvent(0, 0, THIN_POOL))),
            Map.entry("usb-enumeration-error", v -> List.of(new AgentEvent(0, 0, USB))));

    /** The bytes the encoder must produce for each watchtray vector. */
    private static final Map<String, byte[]> ENCODED = Map.ofEntries(
            Map.entry("agent-hello", AgentRecordCodec.hello(T, WatchTypes.AGENT_PROTOCOL_VERSION, "watchtray-agent 0.1")),
            Map.entry("desktop-hello", AgentRecordCodec.hello(T, WatchTypes.AGENT_PROTOCOL_VERSION, "watchtray desktop")),
            Map.entry("agent-protocol", AgentRecordCodec.protocol(T, WatchTypes.AGENT_PROTOCOL_VERSION)),
            Map.entry("thinpool-reading", AgentRecordCodec.encode(POOL_READING)),
            Map.entry("thinpool-gone", AgentRecordCodec.encode(POOL_GONE)),
            Map.entry("usb-kernel-log", AgentRecordCodec.encode(KERNEL_LOG)),
            Map.entry("usb-uevent", AgentRecordCodec.encode(UEVENT)),
            Map.entry("usb-devices", AgentRecordCodec.encode(DEVICES)),
            Map.entry("agent-loss", AgentRecordCodec.encode(AGENT_LOSS)),
            Map.entry("agent-snapshot-begin", AgentRecordCodec.snapshotBegin(T, SourceId.THINPOOL)),
            Map.entry("agent-snapshot-end", AgentRecordCodec.snapshotEnd(T, SourceId.THINPOOL)),
            Map.entry("agent-source-status", AgentRecordCodec.encode(SOURCE_STATUS)),
            Map.entry("thinpool-data-threshold", AgentRecordCodec.encode(THIN_POOL)),
            Map.entry("usb-enumeration-error", AgentRecordCodec.encode(USB)));

    @Test
    void everyVectorInTheDocumentIsCheckedAndEveryCheckedVectorIsInTheDocument() {
        assertEquals(new TreeSet<>(EXPECTED.keySet()), new TreeSet<>(DOC.keySet()));
    }

    @TestFactory
    Stream<DynamicTest> eachVectorDecodesToWhatTheDocumentSays() {
        return DOC.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> assertEquals(EXPECTED.get(e.getKey()).apply(e.getValue()), RecordDecoder.decode(e.getValue()))));
    }

    @TestFactory
    Stream<DynamicTest> eachWatchtrayVectorIsExactlyWhatTheEncoderWrites() {
        return ENCODED.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> assertArrayEquals(DOC.get(e.getKey()), e.getValue(),
                        () -> "encoder wrote " + new Bytes(e.getValue()).hex())));
    }

    @Test
    void theDocumentParserReadsCommentsAndRejectsTornBytes() {
        assertArrayEquals(new byte[] {1, 0x7f}, WireFormatDoc.parse(List.of("```hex x", "01 # one", "7f", "```")).get("x"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> WireFormatDoc.parse(List.of("```hex x", "017f", "```")));
    }

    private static KeyNotification key(byte[] v, int at, int subtype, int watchId, int serial, int aux) {
        return new KeyNotification(at, subtype, watchId, serial, aux, raw(v, at, 16));
    }

    private static Bytes raw(byte[] v, int at, int length) {
        return Bytes.copyOf(v, at, length);
    }
}
