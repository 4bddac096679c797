package org.watchtray.core.record;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads the fields of one watchtray record, checking every read against the record's end.
 * A field that does not fit throws {@link Truncated}, which the codec turns into a
 * {@link WatchRecord.Malformed}; it never leaves the codec.
 */
final class PayloadReader {
    private final byte[] buf;
    private final int start;
    private final int end;
    private int pos;

    /** A field ran past the record's end. Carries no stack trace: it is expected input. */
    static final class Truncated extends Exception {
        Truncated(String message) {
            super(message, null, false, false);
        }
    }

    PayloadReader(byte[] buf, int recordStart, int recordLength) {
        this.buf = buf;
        this.start = recordStart;
        this.end = recordStart + recordLength;
        this.pos = recordStart + WatchTypes.HEADER_SIZE;
    }

    /** Position inside the record (0 = first header byte), for problem messages. */
    int position() {
        return pos - start;
    }

    int remaining() {
        return end - pos;
    }

    int u8(String field) throws Truncated {
        need(1, field);
        return buf[pos++] & 0xFF;
    }

    int u16(String field) throws Truncated {
        need(2, field);
        int v = Le.u16(buf, pos);
        pos += 2;
        return v;
    }

    int i32(String field) throws Truncated {
        need(4, field);
        int v = Le.i32(buf, pos);
        pos += 4;
        return v;
    }

    long i64(String field) throws Truncated {
        need(8, field);
        long v = Le.i64(buf, pos);
        pos += 8;
        return v;
    }

    double f64(String field) throws Truncated {
        return Double.longBitsToDouble(i64(field));
    }

    Instant time(String field) throws Truncated {
        long us = i64(field);
        return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
    }

    Duration duration(String field) throws Truncated {
        long us = i64(field);
        return us < 0 ? null : Duration.ofSeconds(us / 1_000_000L, (us % 1_000_000L) * 1000L);
    }

    /**
     * A u16-prefixed UTF-8 string; 0xFFFF means absent (null). Invalid UTF-8 becomes U+FFFD
     * and control characters are kept as data: summaries escape them when shown.
     */
    String str(String field) throws Truncated {
        int n = u16(field + " length");
        if (n == PayloadWriter.ABSENT_STRING) {
            return null;
        }
        need(n, field);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** A string that must be present: 0xFFFF ("absent") makes the record malformed. */
    String requiredStr(String field) throws Truncated, Absent {
        int at = position();
        String s = str(field);
        if (s == null) {
            throw new Absent(field + " is absent (length 0xffff at byte " + at + ") but is required");
        }
        return s;
    }

    /** A u16-prefixed run of raw bytes (0xFFFF is no length here either: it runs past any record). */
    byte[] bytes(String field) throws Truncated {
        int n = u16(field + " length");
        need(n, field);
        byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    /** A required string was absent. Carries no stack trace: it is expected input. */
    static final class Absent extends Exception {
        Absent(String message) {
            super(message, null, false, false);
        }
    }

    private void need(int n, String field) throws Truncated {
        if (end - pos < n) {
            throw new Truncated(field + " (" + n + " bytes at byte " + position() + ") runs past the record's end ("
                    + (end - start) + " bytes)");
        }
    }
}
