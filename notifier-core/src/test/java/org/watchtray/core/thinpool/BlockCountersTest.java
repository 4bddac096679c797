package org.watchtray.core.thinpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.watchtray.core.parse.Parsed;

class BlockCountersTest {

    /**
     * /sys/dev/block/7:1/stat in the kernel lab (Linux 6.1), the data device of a pool after one
     * 4 KiB write into a new block: each field is printed "%8lu" and separated by one space.
     */
    private static final String LAB_6_1 = ""
            + "       0 "   //  1 read I/Os
            + "       0 "   //  2 read merges
            + "       0 "   //  3 sectors read
            + "       0 "   //  4 read ticks (ms)
            + "       6 "   //  5 write I/Os                  <- writes
            + "       0 "   //  6 write merges
            + "       8 "   //  7 sectors written             <- writeSectors
            + "      10 "   //  8 write ticks (ms)
            + "       0 "   //  9 I/Os in flight              <- inFlight
            + "       0 "   // 10 io ticks (ms)
            + "      12 "   // 11 time in queue (ms)
            + "       0 "   // 12 discard I/Os                <- discards (Linux 4.18+)
            + "       0 "   // 13 discard merges
            + "       0 "   // 14 sectors discarded
            + "       0 "   // 15 discard ticks (ms)
            + "       5 "   // 16 flush I/Os (Linux 5.5+)
            + "       1"    // 17 flush ticks (ms)
            + "\n";

    @Test
    void readsTheWriteCountersOfALab61StatFile() {
        assertEquals(Parsed.ok(new BlockCounters(6, 8, 0, 0)), BlockCounters.parse(LAB_6_1));
    }

    @Test
    void aKernelBefore418HasElevenFieldsAndNoDiscardCounters() {
        String old = "     120        3     2048       40 "   // reads: I/Os, merges, sectors, ticks
                + "     310       17    98304      900 "      // writes: I/Os, merges, sectors, ticks
                + "       2      700      940\n";             // in flight, io ticks, time in queue
        assertEquals(Parsed.ok(new BlockCounters(310, 98304, 2, 0)), BlockCounters.parse(old));
    }

    @Test
    void somethingInFlightIsBusy() {
        assertTrue(new BlockCounters(1, 8, 1, 0).busy());
        assertFalse(new BlockCounters(1, 8, 0, 0).busy());
        assertTrue(new ThinPoolActivity(new BlockCounters(1, 8, 0, 0), new BlockCounters(1, 8, 3, 0)).busy());
    }

    @Test
    void aDiscardCounts() {
        String withDiscard = "0 0 0 0 6 0 8 10 0 0 12 1 0 128 3 5 1";
        assertEquals(Parsed.ok(new BlockCounters(6, 8, 0, 1)), BlockCounters.parse(withDiscard));
    }

    @Test
    void textThatIsNotAStatFileIsMalformedWithWhere() {
        Parsed.Malformed<BlockCounters> shortLine = (Parsed.Malformed<BlockCounters>) BlockCounters.parse("0 0 0 0 6 0 8");
        assertEquals("block device stat has 7 fields, expected at least 11: '0 0 0 0 6 0 8'", shortLine.problem());
        Parsed.Malformed<BlockCounters> word = (Parsed.Malformed<BlockCounters>) BlockCounters.parse("0 0 0 0 six 0 8 10 0 0 12");
        assertEquals("block device stat field 5 is not a counter: 'six'", word.problem());
        assertEquals(4, word.offset());
        assertFalse(BlockCounters.parse("").isOk());
        assertFalse(BlockCounters.parse(null).isOk());
        assertFalse(BlockCounters.parse("0 0 0 0 -1 0 8 10 0 0 12").isOk(), "counters are unsigned");
    }
}
