package org.watchtray.core.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.watchtray.core.record.Fixtures.bytes;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bytes read from a FAN_REPORT_MNT fanotify group on Linux 6.18 (x86-64, little-endian). */
class FanotifyMountRecordsTest {

    /** mount -t tmpfs x /f1; mount --move /f1 /f2; umount /f2 — three 40-byte events. */
    static final byte[] RECORDED = bytes(
            // event 1: event_len 40 | vers 3 | reserved | metadata_len 24
            0x28, 0x00, 0x00, 0x00, 0x03, 0x00, 0x18, 0x00,
            // mask = 0x01000000 FAN_MNT_ATTACH
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
            // fd = -1 (FAN_NOFD) | pid 0x7f74
            0xff, 0xff, 0xff, 0xff, 0x74, 0x7f, 0x00, 0x00,
            // info: type 7 (FAN_EVENT_INFO_TYPE_MNT) | pad | len 16 | 4 bytes padding
            0x07, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
            // mnt_id 0x80001564
            0x64, 0x15, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00,
            // event 2 (the move): mask 0x03000000 = ATTACH | DETACH, same mount
            0x28, 0x00, 0x00, 0x00, 0x03, 0x00, 0x18, 0x00,
            0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00,
            0xff, 0xff, 0xff, 0xff, 0x75, 0x7f, 0x00, 0x00,
            0x07, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x64, 0x15, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00,
            // event 3 (the unmount): mask 0x02000000 FAN_MNT_DETACH
            0x28, 0x00, 0x00, 0x00, 0x03, 0x00, 0x18, 0x00,
            0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
            0xff, 0xff, 0xff, 0xff, 0x76, 0x7f, 0x00, 0x00,
            0x07, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x64, 0x15, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00);

    @Test
    void attachMoveDetach() {
        FanotifyMountRecords.Result r = FanotifyMountRecords.decode(RECORDED, RECORDED.length);
        assertEquals(List.of(), r.problems());
        assertEquals(List.of(
                new FanotifyMountRecords.Record(0x01000000L, 0x80001564L),
                new FanotifyMountRecords.Record(0x03000000L, 0x80001564L),
                new FanotifyMountRecords.Record(0x02000000L, 0x80001564L)), r.records());
        assertTrue(r.records().get(1).attached() && r.records().get(1).detached(), "a move is attach + detach");
        assertFalse(r.overflowed());
    }

    @Test
    void overflowIsAnEventOfItsOwn() {
        byte[] overflow = bytes(
                // event_len 24 (no info records) | vers 3 | metadata_len 24
                0x18, 0x00, 0x00, 0x00, 0x03, 0x00, 0x18, 0x00,
                // mask 0x4000 FAN_Q_OVERFLOW
                0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00);
        FanotifyMountRecords.Result r = FanotifyMountRecords.decode(overflow, overflow.length);
        assertTrue(r.overflowed());
        assertEquals(List.of(), r.problems());
    }

    @Test
    void aTruncatedBufferKeepsTheWholeRecordsBeforeIt() {
        FanotifyMountRecords.Result r = FanotifyMountRecords.decode(RECORDED, 40 + 30);
        assertEquals(1, r.records().size());
        assertEquals(List.of(new FanotifyMountRecords.Problem(40, "event_len 40 does not fit the 30 bytes left")), r.problems());
    }

    @Test
    void badVersionAndBadInfoLengthAreReportedAndSkipped() {
        byte[] b = Arrays.copyOf(RECORDED, RECORDED.length);
        b[4] = 2;           // event 1: metadata version 2
        b[40 + 26] = 0x40;  // event 2: info len 64 > the 16 bytes left in the event
        FanotifyMountRecords.Result r = FanotifyMountRecords.decode(b, b.length);
        assertEquals(List.of(new FanotifyMountRecords.Record(0x02000000L, 0x80001564L)), r.records());
        assertEquals(List.of(
                new FanotifyMountRecords.Problem(0, "metadata version 2, expected 3"),
                new FanotifyMountRecords.Problem(64, "info len 64 does not fit the 16 bytes left")), r.problems());
    }

    @Test
    void anEventLengthBelowTheHeaderStopsDecoding() {
        byte[] b = Arrays.copyOf(RECORDED, RECORDED.length);
        b[0] = 8;
        FanotifyMountRecords.Result r = FanotifyMountRecords.decode(b, b.length);
        assertEquals(List.of(), r.records());
        assertEquals("event_len 8 does not fit the 120 bytes left", r.problems().getFirst().reason());
    }

    /**
     * Issue 13: a length past the end of the buffer (or negative) threw IndexOutOfBounds from
     * ByteBuffer.wrap; like every other parser it is now a reported problem.
     */
    @Test
    void aLengthTheBufferCannotHoldIsAProblemNotAnException() {
        // The first 24 bytes of event 1 (a header that promises 40) with a length of 40.
        byte[] header = Arrays.copyOf(RECORDED, 24);
        FanotifyMountRecords.Result past = FanotifyMountRecords.decode(header, 40);
        assertEquals(List.of(), past.records());
        assertEquals(List.of(new FanotifyMountRecords.Problem(0, "length 40 outside the 24-byte buffer")), past.problems());

        FanotifyMountRecords.Result negative = FanotifyMountRecords.decode(RECORDED, -1);
        assertEquals(List.of(new FanotifyMountRecords.Problem(0, "length -1 outside the 120-byte buffer")), negative.problems());

        assertEquals(List.of(), FanotifyMountRecords.decode(new byte[0], 0).problems(), "an empty read is nothing, not a problem");
    }
}
