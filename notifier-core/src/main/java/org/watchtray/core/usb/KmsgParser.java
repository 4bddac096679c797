package org.watchtray.core.usb;

import org.watchtray.core.parse.Numbers;
import org.watchtray.core.parse.Parsed;
import org.watchtray.core.thinpool.ThinPoolStatusParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses one /dev/kmsg record (one {@code read()} returns exactly one):
 * {@code <prio>,<seq>,<usec>,<flag>[,<more>...];<message>\n} followed by zero or more
 * dictionary lines {@code  KEY=VALUE\n} (leading space). Bytes below 0x20, from 0x7f and the
 * backslash are written by the kernel as {@code \xHH}; they are decoded back to bytes and read
 * as UTF-8 (invalid sequences become U+FFFD). Unknown prefix fields are ignored, as the ABI asks.
 */
public final class KmsgParser {
    private KmsgParser() {
    }

    public static Parsed<KmsgRecord> parse(byte[] buf, int length) {
        if (length < 0 || length > buf.length) {
            return Parsed.malformed("record length " + length + " outside the buffer of " + buf.length, 0);
        }
        int semi = indexOf(buf, (byte) ';', 0, length);
        int firstNewline = indexOf(buf, (byte) '\n', 0, length);
        if (semi < 0 || (firstNewline >= 0 && firstNewline < semi)) {
            return Parsed.malformed("no ';' ending the record prefix", 0);
        }
        String[] prefix = new String(buf, 0, semi, StandardCharsets.US_ASCII).split(",", -1);
        if (prefix.length < 3) {
            return Parsed.malformed("record prefix has " + prefix.length + " fields, expected at least 3", 0);
        }
        Long prio = Numbers.unsignedDecimal(prefix[0]);
        Long seq = Numbers.unsignedDecimal(prefix[1]);
        Long usec = Numbers.unsignedDecimal(prefix[2]);
        if (prio == null || prio > Integer.MAX_VALUE) {
            return Parsed.malformed("priority is not a number: '" + Parsed.clip(prefix[0]) + "'", 0);
        }
        if (seq == null) {
            return Parsed.malformed("sequence number is not a number: '" + Parsed.clip(prefix[1]) + "'", prefix[0].length() + 1);
        }
        if (usec == null) {
            return Parsed.malformed("timestamp is not a number: '" + Parsed.clip(prefix[2]) + "'",
                    prefix[0].length() + prefix[1].length() + 2);
        }
        boolean continuation = prefix.length > 3 && prefix[3].equals("c");
        String caller = "";
        for (int i = 4; i < prefix.length; i++) {
            if (prefix[i].startsWith("caller=")) {
                caller = prefix[i].substring("caller=".length());
            }
        }
        int textEnd = firstNewline < 0 ? length : firstNewline;
        String message = unescape(buf, semi + 1, textEnd);
        Map<String, String> dictionary = new LinkedHashMap<>();
        int at = firstNewline < 0 ? length : firstNewline + 1;
        while (at < length) {
            int end = indexOf(buf, (byte) '\n', at, length);
            int lineEnd = end < 0 ? length : end;
            if (buf[at] != ' ') {
                return Parsed.malformed("dictionary line does not start with a space", at);
            }
            int eq = indexOf(buf, (byte) '=', at + 1, lineEnd);
            if (eq <= at + 1) {
                return Parsed.malformed("dictionary line is not KEY=VALUE", at);
            }
            dictionary.put(unescape(buf, at + 1, eq), unescape(buf, eq + 1, lineEnd));
            at = lineEnd + 1;
        }
        int priority = prio.intValue();
        return Parsed.ok(new KmsgRecord(priority >>> 3, priority & 7, seq, usec, continuation, caller, message, dictionary));
    }

    public static Parsed<KmsgRecord> parse(byte[] record) {
        return parse(record, record.length);
    }

    /** Decodes {@code \xHH} to the byte it stands for; anything else is copied; the result is read as UTF-8. */
    static String unescape(byte[] buf, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (b == '\\' && i + 3 < to && buf[i + 1] == 'x') {
                int hi = hex(buf[i + 2]);
                int lo = hex(buf[i + 3]);
                if (hi >= 0 && lo >= 0) {
                    out.write((hi << 4) | lo);
                    i += 3;
                    continue;
                }
            }
            out.write(b);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    static int indexOf(byte[] buf, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
