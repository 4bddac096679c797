package org.watchtray.core.thinpool;

import org.watchtray.core.parse.Parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThinPoolTableParserTest {

    @Test
    void parsesTheParametersDmTableStatusReturns() {
        ThinPoolTable t = ThinPoolTableParser.parse(
                "7:0 "                   // metadata device (loop0)
                + "7:1 "                 // data device (loop1)
                + "128 "                 // data block size: 128 sectors = 64 KiB
                + "768 "                 // low-water mark: 768 free blocks
                + "1 error_if_no_space") // one feature
                .orElseThrow();
        assertEquals("7:0", t.metadataDevice());
        assertEquals("7:1", t.dataDevice());
        assertEquals(128, t.dataBlockSectors());
        assertEquals(65536, t.dataBlockBytes());
        assertEquals(768, t.lowWaterMarkBlocks());
        assertEquals(List.of("error_if_no_space"), t.features());
    }

    @Test
    void parsesAWholeDmsetupTableLineWithoutFeatures() {
        // <start> <len> thin-pool <meta> <data> <block size> <low water>
        ThinPoolTable t = ThinPoolTableParser.parse("0 131072 thin-pool 253:1 253:2 1024 0").orElseThrow();
        assertEquals(0, t.lowWaterMarkBlocks());
        assertEquals(List.of(), t.features());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "7:0 7:1 128",                      // too few parameters
        "7:0 7:1 100 768",                  // block size not a multiple of 128
        "7:0 7:1 4194304 768",              // block size above 1 GiB
        "7:0 7:1 128 many",                 // low water not a number
        "7:0 7:1 128 768 2 error_if_no_space", // feature count does not match
        "0 131072 thin-pool",               // prefix only
    })
    void rejectsMalformedTables(String line) {
        assertInstanceOf(Parsed.Malformed.class, ThinPoolTableParser.parse(line));
    }
}
