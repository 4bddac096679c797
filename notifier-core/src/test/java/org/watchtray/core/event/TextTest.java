package org.watchtray.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The one escaping function for human output: nothing in a name can reshape the line it is on. */
class TextTest {
    @Test
    void controlCharactersBecomeCStyleEscapes() {
        assertEquals("a\\nb\\tc\\rd\\x1b[31me\\x7f\\x85", Text.visible("a\nb\tc\rd\u001b[31me\u007f\u0085"));
    }

    @Test
    void bidiControlsAndLineSeparatorsBecomeUnicodeEscapes() {
        // U+202E RIGHT-TO-LEFT OVERRIDE would show "evil\u202eexe.txt" as "eviltxt.exe".
        assertEquals("evil\\u202eexe.txt", Text.visible("evil\u202eexe.txt"));
        assertEquals("\\u061c\\u200e\\u200f\\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069\\u2028\\u2029",
                Text.visible("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u2028\u2029"));
    }

    @Test
    void ordinaryTextIsReturnedAsItIs() {
        String s = "Thin pool “vg0/pool” is 91.5 % full — ünïcødé, 日本語, emoji 🙂";
        assertSame(s, Text.visible(s));
    }
}
