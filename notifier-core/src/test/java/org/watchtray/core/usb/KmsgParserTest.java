package org.watchtray.core.usb;

import org.watchtray.core.parse.Parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class KmsgParserTest {

    /** Captured from /dev/kmsg in the kernel lab while a dummy_hcd gadget was plugged in. */
    public static final String USB_NEW_DEVICE =
            "6,"              // priority: facility 0 (kernel) << 3 | level 6 (info)
            + "279,"          // sequence number
            + "4446944,"      // microseconds since boot
            + "-;"            // flag: normal record; ';' ends the prefix
            + "usb 1-1: new high-speed USB device number 2 using dummy_hcd\n"
            + " SUBSYSTEM=usb\n"    // dictionary: dev_printk on a device with a bus
            + " DEVICE=+usb:1-1\n"; // no dev_t yet during enumeration: +<subsystem>:<name>

    /** The same device's disconnect, after enumeration gave it char major 189 (lab capture). */
    static final String USB_DISCONNECT = "6,289,7777997,-;usb 1-1: USB disconnect, device number 2\n SUBSYSTEM=usb\n DEVICE=c189:1\n";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesAUsbRecordWithItsDictionary() {
        KmsgRecord r = KmsgParser.parse(bytes(USB_NEW_DEVICE)).orElseThrow();
        assertEquals(0, r.facility());
        assertEquals(6, r.level());
        assertEquals(279, r.sequence());
        assertEquals(4_446_944, r.timestampMicros());
        assertFalse(r.continuation());
        assertEquals("", r.caller());
        assertEquals("usb 1-1: new high-speed USB device number 2 using dummy_hcd", r.message());
        assertEquals(Map.of("SUBSYSTEM", "usb", "DEVICE", "+usb:1-1"), r.dictionary());
        assertEquals("usb", r.subsystem());
        assertEquals("c189:1", KmsgParser.parse(bytes(USB_DISCONNECT)).orElseThrow().device());
    }

    @Test
    void undoesHexEscapesInTextAndDictionaryValues() {
        String rec = "3,10,20,-;"
                + "usb 1-1: name \\x5cx41 \\x1b[31m caf\\xc3\\xa9\\x0aline\n" // backslash, ESC, UTF-8 é, newline
                + " SUBSYSTEM=usb\n"
                + " DEVICE=+usb:1-1\\x0a\n";                                 // escaped newline in a value
        KmsgRecord r = KmsgParser.parse(bytes(rec)).orElseThrow();
        assertEquals("usb 1-1: name \\x41 \u001b[31m café\nline", r.message());
        assertEquals("+usb:1-1\n", r.device());
        assertEquals(3, r.level());
    }

    @Test
    void invalidUtf8BecomesReplacementCharactersNotAnError() {
        KmsgRecord r = KmsgParser.parse(bytes("4,1,2,-;bad \\xff\\xfe bytes\n")).orElseThrow();
        assertEquals("bad \uFFFD\uFFFD bytes", r.message());
        // an escape cut short stays literal
        assertEquals("tail \\x4", KmsgParser.parse(bytes("4,1,2,-;tail \\x4\n")).orElseThrow().message());
    }

    @Test
    void readsCallerAndContinuationAndIgnoresUnknownPrefixFields() {
        // priority 14 = facility 1 (user) level 6; flag 'c'; caller=T123; a future field
        KmsgRecord r = KmsgParser.parse(bytes("14,5,99,c,caller=T123,future=1;hello\n")).orElseThrow();
        assertEquals(1, r.facility());
        assertEquals(6, r.level());
        assertTrue(r.continuation());
        assertEquals("T123", r.caller());
        assertEquals("hello", r.message());
        assertTrue(r.dictionary().isEmpty());
    }

    @Test
    void aRecordWithoutTheFinalNewlineStillParses() {
        assertEquals("x", KmsgParser.parse(bytes("6,1,2,-;x")).orElseThrow().message());
    }

    @Test
    void parsesOnlyTheGivenLength() {
        byte[] buf = new byte[8192];
        byte[] rec = bytes(USB_DISCONNECT);
        System.arraycopy(rec, 0, buf, 0, rec.length);
        buf[rec.length] = 'Z'; // stale bytes past the record must not be read
        assertEquals(2, KmsgParser.parse(buf, rec.length).orElseThrow().dictionary().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                // nothing
        "6,1,2,-",                         // no ';'
        "6,1;text\n",                      // too few prefix fields
        "x,1,2,-;text\n",                  // priority not a number
        "6,y,2,-;text\n",                  // sequence not a number
        "6,1,z,-;text\n",                  // timestamp not a number
        "6,1,2,-;text\nSUBSYSTEM=usb\n",   // dictionary line without its leading space
        "6,1,2,-;text\n =usb\n",           // empty key
        "6,1,2,-;text\n SUBSYSTEM\n",      // no '='
        "6,1\n2,-;text",                   // newline inside the prefix
    })
    void rejectsMalformedRecordsWithAReason(String rec) {
        Parsed.Malformed<?> bad = assertInstanceOf(Parsed.Malformed.class, KmsgParser.parse(bytes(rec)));
        assertFalse(bad.problem().isBlank());
    }

    @Test
    void rejectsALengthOutsideTheBuffer() {
        assertInstanceOf(Parsed.Malformed.class, KmsgParser.parse(new byte[4], 5));
    }
}
