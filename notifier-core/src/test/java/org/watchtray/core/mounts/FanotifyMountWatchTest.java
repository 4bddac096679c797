package org.watchtray.core.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.watchtray.core.record.Fixtures.bytes;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Draining the fanotify queue: every mount change makes the group readable after the change's
 * mountinfo signal has usually drained it already, so an empty queue must cost one read and
 * nothing else; a short read took everything queued; a full one is followed by another.
 * Fed bytes a FAN_REPORT_MNT group returned on Linux 6.18 (x86-64).
 */
class FanotifyMountWatchTest {

    /** mount -t tmpfs x /f1: the first 40-byte event of the recorded attach, move, detach. */
    private static final byte[] ATTACH = Arrays.copyOf(FanotifyMountRecordsTest.RECORDED, 40);

    /** The queue overflowed: a 24-byte event with no info record. */
    private static final byte[] OVERFLOW = bytes(
            // event_len 24 | vers 3 | metadata_len 24
            0x18, 0x00, 0x00, 0x00, 0x03, 0x00, 0x18, 0x00,
            // mask 0x4000 FAN_Q_OVERFLOW
            0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00);

    /** Hands out one queued chunk per read, as read(2) on the group would; counts the reads. */
    private static final class Queue implements MountNotifications {
        final Deque<byte[]> chunks = new ArrayDeque<>();
        int reads;

        @Override
        public int fd() {
            return 99;
        }

        @Override
        public int readOrAgain(byte[] buf) {
            reads++;
            byte[] c = chunks.poll();
            if (c == null) {
                return -1;
            }
            System.arraycopy(c, 0, buf, 0, c.length);
            return c.length;
        }

        @Override
        public void close() {
        }
    }

    private static byte[] repeated(byte[] event, int times) {
        byte[] out = new byte[event.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(event, 0, out, i * event.length, event.length);
        }
        return out;
    }

    @Test
    void anEmptyQueueCostsOneReadAndNothingElse() throws Exception {
        Queue q = new Queue();
        FanotifyMountWatch watch = FanotifyMountWatch.open(() -> q);

        assertSame(FanotifyMountWatch.Drained.NOTHING, watch.drain());
        assertEquals(1, q.reads);
        assertEquals(Set.of(), FanotifyMountWatch.Drained.NOTHING.touched());
        assertFalse(FanotifyMountWatch.Drained.NOTHING.overflowed());
    }

    @Test
    void aShortReadTookEverythingQueued() throws Exception {
        Queue q = new Queue();
        q.chunks.add(ATTACH);
        q.chunks.add(OVERFLOW); // queued after the read: the fd is readable again, the next drain takes it
        FanotifyMountWatch watch = FanotifyMountWatch.open(() -> q);

        FanotifyMountWatch.Drained d = watch.drain();
        assertEquals(Set.of(0x80001564L), d.touched());
        assertFalse(d.overflowed());
        assertEquals(List.of(), d.problems());
        assertEquals(1, q.reads);

        assertTrue(watch.drain().overflowed());
    }

    @Test
    void aFullReadIsFollowedByAnother() throws Exception {
        Queue q = new Queue();
        // 16,360 bytes of a 16 KB buffer: too full to be sure the queue was emptied.
        q.chunks.add(repeated(ATTACH, 409));
        q.chunks.add(OVERFLOW);
        FanotifyMountWatch watch = FanotifyMountWatch.open(() -> q);

        FanotifyMountWatch.Drained d = watch.drain();
        assertEquals(Set.of(0x80001564L), d.touched());
        assertTrue(d.overflowed(), "the second read's overflow record counts");
        assertEquals(2, q.reads);
    }
}
