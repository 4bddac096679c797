package org.watchtray.core.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class JournalWireTest {

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void aValueWithoutNewlineIsNameEqualsValue() {
        assertArrayEquals(bytes(
                'A', '=', 'x', 'y', '\n',             // A=xy
                'B', '=', '\n'),                      // B= (empty value)
                JournalWire.encode(List.of(new JournalField("A", "xy"), new JournalField("B", ""))));
    }

    @Test
    void aValueWithANewlineIsLengthPrefixed() {
        assertArrayEquals(bytes(
                'M', '\n',                            // name, then newline instead of '='
                0x06, 0, 0, 0, 0, 0, 0, 0,            // length 6, 64-bit little-endian
                'a', '\n', '$', '(', 'x', ')',        // the value, newline and all
                '\n'),                                // closing newline
                JournalWire.encode(List.of(new JournalField("M", "a\n$(x)"))));
    }

    @Test
    void lengthCountsUtf8Bytes() {
        assertArrayEquals(bytes(
                'M', '\n',
                0x04, 0, 0, 0, 0, 0, 0, 0,            // 4 bytes: é is two in UTF-8, then newline and x
                0xc3, 0xa9, '\n', 'x',
                '\n'),
                JournalWire.encode(List.of(new JournalField("M", "\u00e9\nx"))));
    }

    @Test
    void namesJournaldWouldRejectAreRefused() {
        for (String bad : List.of("", "_PID", "lower", "1ABC", "A-B", "A=B", "X".repeat(65))) {
            assertThrows(IllegalArgumentException.class, () -> new JournalField(bad, "v"), bad);
        }
    }
}
