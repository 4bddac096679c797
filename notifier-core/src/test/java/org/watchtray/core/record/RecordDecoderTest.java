package org.watchtray.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.watchtray.core.record.Fixtures.bytes;
import static org.watchtray.core.record.Fixtures.concat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.record.WatchRecord.KeyNotification;
import org.watchtray.core.record.WatchRecord.Loss;
import org.watchtray.core.record.WatchRecord.Malformed;
import org.watchtray.core.record.WatchRecord.Removal;
import org.watchtray.core.record.WatchRecord.Unknown;

/** Shapes the golden vectors do not cover; every fixture byte is commented. */
class RecordDecoderTest {

    private static final byte[] LOSS = bytes(
            0x00, 0x00, 0x00, 0x01,  // w0: type 0 META, subtype 1 LOSS
            0x08, 0x00, 0x00, 0x00); // info: length 8, watch ID 0

    private static final byte[] KEY_REVOKED = bytes(
            0x01, 0x00, 0x00, 0x05,  // w0: type 1 KEY_NOTIFY, subtype 5 REVOKED
            0x10, 0x04, 0x00, 0x00,  // info: length 16, watch ID 4
            0x2a, 0x00, 0x00, 0x00,  // key_id: 42
            0x00, 0x00, 0x00, 0x00); // aux: 0

    @Test
    void anEmptyBufferHoldsNoRecords() {
        assertEquals(List.of(), RecordDecoder.decode(new byte[0]));
    }

    @Test
    void offsetsCountFromWhereDecodingStarted() {
        byte[] buf = concat(bytes(0xee, 0xee, 0xee), KEY_REVOKED, bytes(0xee)); // 3 bytes before, 1 after the window
        assertEquals(List.of(new KeyNotification(0, 5, 4, 42, 0, new Bytes(KEY_REVOKED))), RecordDecoder.decode(buf, 3, 16));
    }

    @Test
    void typeSpecificInfoBitsDoNotDisturbAKernelRecord() {
        byte[] flagged = bytes(
                0x01, 0x00, 0x00, 0x01,  // w0: KEY_NOTIFY, subtype 1 UPDATED
                0x10, 0x04, 0x03, 0x80,  // info: length 16, watch ID 4, type info 0x8003 (flags a newer kernel might set)
                0x2a, 0x00, 0x00, 0x00,  // key_id: 42
                0x00, 0x00, 0x00, 0x00); // aux: 0
        assertEquals(List.of(new KeyNotification(0, 1, 4, 42, 0, new Bytes(flagged))), RecordDecoder.decode(flagged));
    }

    @Test
    void aKeySubtypeAboveSevenIsUnknownAndSkippedByLength() {
        byte[] buf = concat(bytes(
                0x01, 0x00, 0x00, 0x08,  // w0: KEY_NOTIFY, subtype 8 (not in the merged kernel)
                0x10, 0x00, 0x00, 0x00,  // info: length 16
                0x2a, 0x00, 0x00, 0x00,  // key_id: 42
                0x00, 0x00, 0x00, 0x00), // aux
                LOSS);                   // offset 16
        List<WatchRecord> records = RecordDecoder.decode(buf);
        assertEquals(new Unknown(0, 1, 8, 0, Bytes.copyOf(buf, 0, 16)), records.get(0));
        assertEquals(new Loss(16, 0, new Bytes(LOSS)), records.get(1));
    }

    @Test
    void aMetaSubtypeAboveOneIsUnknown() {
        byte[] buf = bytes(
                0x00, 0x00, 0x00, 0x02,  // w0: META, subtype 2 (undefined)
                0x08, 0x00, 0x00, 0x00); // info: length 8
        assertEquals(List.of(new Unknown(0, 0, 2, 0, new Bytes(buf))), RecordDecoder.decode(buf));
    }

    @Test
    void aLossRecordMustBeEightBytes() {
        byte[] buf = bytes(
                0x00, 0x00, 0x00, 0x01,  // w0: META, subtype 1 LOSS
                0x10, 0x00, 0x00, 0x00,  // info: length 16 (a loss record is always 8)
                0x00, 0x00, 0x00, 0x00,  // payload that should not be there
                0x00, 0x00, 0x00, 0x00); //
        assertEquals(List.of(new Malformed(0, 16, "loss record is 16 bytes, expected 8", new Bytes(buf))), RecordDecoder.decode(buf));
    }

    @Test
    void aRemovalMustBeEightOrSixteenBytes() {
        byte[] buf = bytes(
                0x00, 0x00, 0x00, 0x00,  // w0: META, subtype 0 REMOVAL
                0x0c, 0x01, 0x00, 0x00,  // info: length 12, watch ID 1
                0x01, 0x02, 0x03, 0x04); // half an object ID
        assertEquals(List.of(new Malformed(0, 12, "removal record is 12 bytes, expected 8 or 16", new Bytes(buf))),
                RecordDecoder.decode(buf));
    }

    @Test
    void aRemovalKeepsTheFullSixtyFourBitObjectId() {
        byte[] buf = bytes(
                0x00, 0x00, 0x00, 0x00,  // w0: META, subtype 0 REMOVAL
                0x10, 0xff, 0x00, 0x00,  // info: length 16, watch ID 255
                0x01, 0x00, 0x00, 0x00,  // id, low 32 bits: 1
                0x00, 0x00, 0x00, 0x80); // id, high 32 bits: 0x80000000
        assertEquals(List.of(new Removal(0, 255, OptionalLong.of(0x8000_0000_0000_0001L), new Bytes(buf))), RecordDecoder.decode(buf));
    }

    @Test
    void aWatchtrayHeaderWithAKernelLengthLosesFramingAndResynchronises() {
        byte[] buf = concat(bytes(
                0x00, 0x54, 0x57, 0x00,  // w0: type 0x575400 agent meta, subtype 0 HELLO
                0x14, 0x00, 0x14, 0x00), // info: 7-bit length 20 (must be 0 for watchtray types), length 20
                KEY_REVOKED);            // offset 8: a valid record to resume at
        List<WatchRecord> records = RecordDecoder.decode(buf);
        assertEquals(new Malformed(0, 8, "watchtray record has a non-zero 7-bit length (info 0x00140014)", Bytes.copyOf(buf, 0, 8)),
                records.get(0));
        assertEquals(new KeyNotification(8, 5, 4, 42, 0, new Bytes(KEY_REVOKED)), records.get(1));
    }

    @Test
    void resynchronisationFindsAWatchtrayRecord() {
        byte[] hello = AgentRecordCodec.hello(Instant.EPOCH, 1, "a");
        byte[] buf = concat(bytes(
                0x01, 0x00, 0x00, 0x00,  // w0: KEY_NOTIFY INSTANTIATED
                0x03, 0x00, 0x00, 0x00,  // info: length 3 (< 8): framing lost
                0xaa),                   // one more garbage byte
                hello);                  // offset 9: plausible watchtray header
        List<WatchRecord> records = RecordDecoder.decode(buf);
        assertEquals(new Malformed(0, 9, "record length 3 is shorter than the 8-byte header", Bytes.copyOf(buf, 0, 9)), records.get(0));
        assertEquals(new WatchRecord.AgentHello(9, 0, Instant.EPOCH, 1, "a"), records.get(1));
    }

    @Test
    void aWatchtrayRecordWithBytesAfterItsLastFieldIsMalformedButFramed() {
        byte[] snapshot = AgentRecordCodec.snapshotEnd(Instant.EPOCH, org.watchtray.core.event.SourceId.USB);
        byte[] padded = concat(snapshot, bytes(0x00)); // one byte the layout does not have
        padded[6] = (byte) padded.length;              // info bits 16-23: length 18
        List<WatchRecord> records = RecordDecoder.decode(concat(padded, LOSS));
        assertEquals(new Malformed(0, 18, "1 unexpected bytes after the last field at byte 17 of a 18-byte agent snapshot-end record",
                new Bytes(padded)), records.get(0));
        assertEquals(new Loss(18, 0, new Bytes(LOSS)), records.get(1));
    }

    @Test
    void anUnknownCodeInsideAWatchtrayRecordIsMalformed() {
        byte[] buf = bytes(
                0x00, 0x54, 0x57, 0x02,  // w0: agent meta, subtype 2 SNAPSHOT_BEGIN
                0x00, 0x00, 0x11, 0x00,  // info: length 17
                0x00, 0x00, 0x00, 0x00,  // time, low 32 bits: 0
                0x00, 0x00, 0x00, 0x00,  // time, high 32 bits: 0
                0x09);                   // source: 9 (no such source)
        Malformed m = assertInstanceOf(Malformed.class, RecordDecoder.decode(buf).getFirst());
        assertEquals("agent snapshot-begin record: unknown source code 9 at byte 16", m.problem());
    }

    @Test
    void aStringLengthPastTheRecordEndIsMalformed() {
        byte[] buf = bytes(
                0x00, 0x54, 0x57, 0x00,  // w0: agent meta, subtype 0 HELLO
                0x00, 0x00, 0x16, 0x00,  // info: length 22
                0x00, 0x00, 0x00, 0x00,  // time, low 32 bits
                0x00, 0x00, 0x00, 0x00,  // time, high 32 bits
                0x01, 0x00,              // protocol version 1
                0x09, 0x00,              // agent: 9 bytes follow ... but only 2 do
                0x61, 0x62);             // "ab"
        Malformed m = assertInstanceOf(Malformed.class, RecordDecoder.decode(buf).getFirst());
        assertEquals("agent hello record: agent (9 bytes at byte 20) runs past the record's end (22 bytes)", m.problem());
    }

    @Test
    void aReservedWatchtrayTypeIsUnknownAndSkippedByItsSixteenBitLength() {
        byte[] reserved = new byte[300];
        reserved[0] = 0x05;                            // w0: type 0x575405 (reserved), subtype 0
        reserved[1] = 0x54;                            //
        reserved[2] = 0x57;                            //
        reserved[6] = (byte) 0x2c;                     // info bits 16-31: length 0x012c = 300
        reserved[7] = 0x01;                            //
        List<WatchRecord> records = RecordDecoder.decode(concat(reserved, LOSS));
        assertEquals(new Unknown(0, 0x575405, 0, 0, new Bytes(reserved)), records.get(0));
        assertEquals(new Loss(300, 0, new Bytes(LOSS)), records.get(1));
    }

    @Test
    void theVisitorSeesPrimitivesWithoutRecordObjects() {
        byte[] buf = concat(KEY_REVOKED, LOSS, bytes(
                0x00, 0x00, 0x00, 0x00,   // META REMOVAL
                0x08, 0x02, 0x00, 0x00,   // info: length 8, watch ID 2
                0x07));                   // a stray byte at the end
        List<String> seen = new ArrayList<>();
        RecordDecoder.walk(buf, 0, buf.length, new RecordVisitor() {
            @Override
            public void key(byte[] b, int offset, int subtype, int watchId, int keySerial, int aux) {
                seen.add("key@" + offset + " subtype " + subtype + " watch " + watchId + " serial " + keySerial + " aux " + aux);
            }

            @Override
            public void removal(byte[] b, int offset, int length, int watchId, long objectId) {
                seen.add("removal@" + offset + " length " + length + " watch " + watchId + " object " + objectId);
            }

            @Override
            public void loss(byte[] b, int offset, int watchId) {
                seen.add("loss@" + offset);
            }

            @Override
            public void watchtray(byte[] b, int offset, int length, int type, int subtype, int watchId) {
                seen.add("watchtray@" + offset);
            }

            @Override
            public void unknown(byte[] b, int offset, int length, int type, int subtype, int watchId) {
                seen.add("unknown@" + offset);
            }

            @Override
            public void malformed(byte[] b, int offset, int length, String problem) {
                seen.add("malformed@" + offset + " length " + length);
            }
        });
        assertEquals(List.of("key@0 subtype 5 watch 4 serial 42 aux 0", "loss@16", "removal@24 length 8 watch 2 object 0",
                "malformed@32 length 1"), seen);
    }

    @Test
    void aStreamDecodesRecordsThatStraddleEveryPossibleChunkBoundary() {
        byte[] usb = AgentRecordCodec.encode(new UsbEvent(Instant.EPOCH, UsbEvent.Change.RESET, "1-1", "", "", 0, 1, 0));
        byte[] whole = concat(KEY_REVOKED, usb, bytes(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09), LOSS, bytes(0x00, 0x00));
        List<WatchRecord> expected = RecordDecoder.decode(whole);
        for (int chunk = 1; chunk <= whole.length; chunk++) {
            List<WatchRecord> got = new ArrayList<>();
            RecordStream stream = new RecordStream(got::add);
            for (int at = 0; at < whole.length; at += chunk) {
                stream.feed(whole, at, Math.min(chunk, whole.length - at));
            }
            stream.finish();
            assertEquals(expected, got, "chunk size " + chunk);
        }
        assertTrue(expected.stream().anyMatch(r -> r instanceof Malformed), "the fixture exercises a malformed region");
    }

    @Test
    void aStreamCarriesALargeWatchtrayRecordAcrossManySmallChunks() {
        byte[] big = AgentRecordCodec.encode(new UsbEvent(Instant.EPOCH, UsbEvent.Change.ERROR, "1-1", "p", "x".repeat(4000), -5, 2, 1));
        List<WatchRecord> got = new ArrayList<>();
        RecordStream stream = new RecordStream(got::add);
        for (int at = 0; at < big.length; at += 7) {
            stream.feed(big, at, Math.min(7, big.length - at));
        }
        stream.finish();
        assertEquals(RecordDecoder.decode(big), got);
        assertEquals(big.length, stream.position());
    }
}
