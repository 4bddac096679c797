package org.watchtray.core.thinpool;

import org.watchtray.core.parse.Parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThinPoolStatusParserTest {

    /** Captured in the kernel lab (6.1) right after creating a 64 MiB pool, from DM_TABLE_STATUS. */
    static final String FRESH_POOL =
            "0 "                    // transaction id
            + "214/2048 "           // metadata blocks used/total (4 KiB blocks)
            + "0/1024 "             // data blocks used/total (64 KiB blocks)
            + "- "                  // no held metadata root
            + "rw "                 // mode
            + "discard_passdown "   // discard handling
            + "error_if_no_space "  // no-space policy
            + "- "                  // needs_check flag absent
            + "512 ";               // metadata low watermark (blocks); the kernel's trailing space

    /** The same pool after filling it to the end (lab capture). */
    static final String OUT_OF_SPACE = "0 219/2048 1024/1024 - out_of_data_space discard_passdown error_if_no_space - 512 ";

    @Test
    void parsesAFreshPoolCapturedFromTheKernel() {
        ThinPoolStatus s = ThinPoolStatusParser.parse(FRESH_POOL).orElseThrow();
        assertEquals(ThinPoolStatus.Mode.WRITE, s.mode());
        assertEquals(0, s.transactionId());
        assertEquals(214, s.usedMetadataBlocks());
        assertEquals(2048, s.totalMetadataBlocks());
        assertEquals(0, s.usedDataBlocks());
        assertEquals(1024, s.totalDataBlocks());
        assertEquals("-", s.heldMetadataRoot());
        assertEquals("discard_passdown", s.discard());
        assertTrue(s.errorIfNoSpace());
        assertFalse(s.needsCheck());
        assertEquals(OptionalLong.of(512), s.metadataLowWatermark());
        assertEquals(0.0, s.dataPercent());
        assertEquals(100.0 * 214 / 2048, s.metadataPercent(), 1e-9);
        assertEquals(1024, s.freeDataBlocks());
    }

    @Test
    void parsesOutOfDataSpace() {
        ThinPoolStatus s = ThinPoolStatusParser.parse(OUT_OF_SPACE).orElseThrow();
        assertEquals(ThinPoolStatus.Mode.OUT_OF_DATA_SPACE, s.mode());
        assertEquals(100.0, s.dataPercent());
        assertEquals(0, s.freeDataBlocks());
    }

    @Test
    void parsesReadOnlyWithNeedsCheckAndAHeldRoot() {
        // transaction 7, metadata 900/1000, data 10/20, held root block 33, read-only, queueing, needs_check
        ThinPoolStatus s = ThinPoolStatusParser.parse("7 900/1000 10/20 33 ro no_discard_passdown queue_if_no_space needs_check 250").orElseThrow();
        assertEquals(ThinPoolStatus.Mode.READ_ONLY, s.mode());
        assertEquals("33", s.heldMetadataRoot());
        assertFalse(s.errorIfNoSpace());
        assertTrue(s.needsCheck());
        assertEquals(90.0, s.metadataPercent(), 1e-9);
    }

    @Test
    void acceptsAnOlderKernelsShortLineAndIgnoresUnknownTrailingFields() {
        // Pre-4.x kernels stop after the mode word.
        ThinPoolStatus old = ThinPoolStatusParser.parse("3 10/100 50/200 - rw").orElseThrow();
        assertEquals(25.0, old.dataPercent(), 1e-9);
        assertEquals("", old.discard());
        assertEquals(OptionalLong.empty(), old.metadataLowWatermark());
        // A future kernel may append fields.
        assertTrue(ThinPoolStatusParser.parse(FRESH_POOL + "some_future_flag 17").isOk());
    }

    @Test
    void failAndErrorAreWholeLineWords() {
        ThinPoolStatus fail = ThinPoolStatusParser.parse("Fail").orElseThrow();
        assertEquals(ThinPoolStatus.Mode.FAIL, fail.mode());
        assertFalse(fail.hasCounters());
        assertTrue(Double.isNaN(fail.dataPercent()));
        assertEquals(ThinPoolStatus.Mode.ERROR, ThinPoolStatusParser.parse("Error ").orElseThrow().mode());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                                    // empty
        "0 214/2048 0/1024 -",                                 // too few fields
        "x 214/2048 0/1024 - rw",                              // transaction id not a number
        "0 214-2048 0/1024 - rw",                              // no slash
        "0 214/2048 2000/1024 - rw",                           // used above total
        "0 214/0 0/1024 - rw",                                 // total zero
        "0 214/2048 0/1024 - sideways",                        // unknown mode
        "0 214/2048 0/1024 - rw discard_passdown error_if_no_space - lots", // low watermark not a number
        "0 99999999999999999999/2048 0/1024 - rw",             // overflows a long
    })
    void rejectsMalformedLinesWithAReason(String line) {
        Parsed<ThinPoolStatus> p = ThinPoolStatusParser.parse(line);
        Parsed.Malformed<ThinPoolStatus> bad = assertInstanceOf(Parsed.Malformed.class, p);
        assertFalse(bad.problem().isBlank());
    }
}
