package org.watchtray.core.parse;

import org.watchtray.core.thinpool.DmNames;
import org.watchtray.core.thinpool.ThinPoolStatusParser;
import org.watchtray.core.thinpool.ThinPoolTableParser;
import org.watchtray.core.usb.KmsgParser;
import org.watchtray.core.usb.KmsgParserTest;
import org.watchtray.core.usb.UeventParser;
import org.watchtray.core.usb.UeventParserTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and mutated input never throws, and every answer is a proper one: a value, or a
 * problem in words with an offset inside the input. Parsing is a function of the input (the
 * same bytes, the same answer). The fuzzer (bench/fuzz) runs the same parsers 10 million times.
 */
class ParserPropertiesTest {

    @Property(tries = 2000)
    void kmsgAnswersOkOrAPlacedProblem(@ForAll("kmsgLike") byte[] record) {
        Parsed<?> r = KmsgParser.parse(record);
        proper(r, record.length);
        assertEquals(r, KmsgParser.parse(record.clone()));
    }

    @Property(tries = 2000)
    void ueventAnswersOkOrAPlacedProblem(@ForAll("ueventLike") byte[] datagram) {
        Parsed<?> r = UeventParser.parse(datagram);
        proper(r, datagram.length);
        assertEquals(r, UeventParser.parse(datagram.clone()));
    }

    @Property(tries = 2000)
    void thinPoolLinesAnswerOkOrAPlacedProblem(@ForAll("statusLike") String line) {
        proper(ThinPoolStatusParser.parse(line), line.length());
        proper(ThinPoolTableParser.parse(line), line.length());
        // "" (not an LVM name) or "vg/lv" (longer than the separator alone).
        String lvm = DmNames.lvmName(line, "LVM-" + line);
        assertTrue(lvm.isEmpty() || (lvm.contains("/") && lvm.length() >= 3), "'" + lvm + "' from '" + line + "'");
        assertEquals("", DmNames.lvmName(line, "CRYPT-" + line), "only an LVM uuid names an LVM device");
    }

    /** Ok with a value, or Malformed saying what is wrong at a place inside the input. */
    private static void proper(Parsed<?> r, int length) {
        switch (r) {
            case Parsed.Ok<?> ok -> assertTrue(ok.value() != null);
            case Parsed.Malformed<?> m -> {
                assertTrue(!m.problem().isBlank(), "a problem in words");
                assertTrue(m.offset() >= 0 && m.offset() <= length, "offset " + m.offset() + " inside 0.." + length + ": " + m.problem());
            }
        }
    }

    @Provide
    Arbitrary<byte[]> kmsgLike() {
        byte[] seed = KmsgParserTest.USB_NEW_DEVICE.getBytes(StandardCharsets.UTF_8);
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(300), mutations(seed));
    }

    @Provide
    Arbitrary<byte[]> ueventLike() {
        byte[] seed = UeventParserTest.kernelAdd();
        byte[] udev = new byte[64];
        System.arraycopy("libudev\0".getBytes(StandardCharsets.US_ASCII), 0, udev, 0, 8);
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(300), mutations(seed), mutations(udev));
    }

    @Provide
    Arbitrary<String> statusLike() {
        Arbitrary<String> words = Arbitraries.of("0", "214/2048", "0/1024", "-", "rw", "ro", "out_of_data_space", "Fail",
                "Error", "thin-pool", "128", "768", "1", "error_if_no_space", "needs_check", "/", "//", "-1", "99999999999999999999", "vg--x-y");
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(120),
                words.list().ofMaxSize(12).map(l -> String.join(" ", l)));
    }

    /** The seed with a few random bytes overwritten and a random truncation. */
    private static Arbitrary<byte[]> mutations(byte[] seed) {
        return Arbitraries.integers().between(0, seed.length).flatMap(cut ->
                Arbitraries.bytes().list().ofMaxSize(6).flatMap(values ->
                        Arbitraries.integers().between(0, Math.max(0, seed.length - 1)).list().ofSize(values.size()).map(positions -> {
                            byte[] b = java.util.Arrays.copyOf(seed, cut);
                            for (int i = 0; i < values.size(); i++) {
                                if (positions.get(i) < b.length) {
                                    b[positions.get(i)] = values.get(i);
                                }
                            }
                            return b;
                        })));
    }
}
