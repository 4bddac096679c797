package org.watchtray.core.record;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Builds one watchtray record: the 8-byte header, then little-endian fixed fields, then
 * strings as u16 length + UTF-8 (docs/wire-format.md §3). The header's length is filled in
 * by {@link #finish()}.
 */
final class PayloadWriter {
    /** Longest string kept, in UTF-8 bytes; longer ones are cut at a character boundary. */
    static final int MAX_STRING_BYTES = 4096;
    /** u16 string length meaning "absent" (null); no real string can be this long. */
    static final int ABSENT_STRING = 0xFFFF;
    /** Longest raw-bytes field: a kernel-log record is at most 8 KiB, a uevent far less than 32 KiB. */
    static final int MAX_BYTES = 32 * 1024;
    /** Duration field meaning "no value". */
    static final long ABSENT_DURATION = -1;

    private byte[] bytes = new byte[64];
    private int size;

    PayloadWriter(int type, int subtype) {
        i32(type | (subtype << 24));
        i32(0); // info: patched by finish()
    }

    PayloadWriter u8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    PayloadWriter u16(int value) {
        ensure(2);
        Le.putShort(bytes, size, (short) value);
        size += 2;
        return this;
    }

    PayloadWriter i32(int value) {
        ensure(4);
        Le.putInt(bytes, size, value);
        size += 4;
        return this;
    }

    PayloadWriter i64(long value) {
        ensure(8);
        Le.putLong(bytes, size, value);
        size += 8;
        return this;
    }

    PayloadWriter f64(double value) {
        return i64(Double.doubleToRawLongBits(value));
    }

    PayloadWriter time(Instant time) {
        return i64(micros(time.getEpochSecond(), time.getNano()));
    }

    PayloadWriter duration(Duration d) {
        return i64(d == null || d.isNegative() ? ABSENT_DURATION : micros(d.getSeconds(), d.getNano()));
    }

    PayloadWriter str(String s) {
        if (s == null) {
            return u16(ABSENT_STRING);
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(utf8.length, MAX_STRING_BYTES);
        while (n < utf8.length && n > 0 && (utf8[n] & 0xC0) == 0x80) {
            n--; // never cut inside a multi-byte character
        }
        u16(n);
        ensure(n);
        System.arraycopy(utf8, 0, bytes, size, n);
        size += n;
        return this;
    }

    /** Raw bytes: u16 length, then the bytes (never absent, at most {@link #MAX_BYTES}). */
    PayloadWriter bytes(byte[] b) {
        if (b.length > MAX_BYTES) {
            throw new IllegalArgumentException(b.length + " bytes exceed the " + MAX_BYTES + "-byte field limit");
        }
        u16(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
        return this;
    }

    /** Writes the total length into info bits 16–31 and returns the record. */
    byte[] finish() {
        if (size > WatchTypes.WATCHTRAY_MAX_RECORD) {
            throw new IllegalStateException("record of " + size + " bytes exceeds the 16-bit length field");
        }
        Le.putInt(bytes, 4, size << WatchTypes.WATCHTRAY_INFO_LENGTH_SHIFT);
        return Arrays.copyOf(bytes, size);
    }

    /** Saturating conversion so Instant.MIN/MAX or huge durations cannot overflow. */
    private static long micros(long seconds, int nanos) {
        try {
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1000);
        } catch (ArithmeticException overflow) {
            return seconds < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
