package org.watchtray.core.event;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable copy of raw record bytes, kept so the user can see exactly what arrived. */
public record Bytes(byte[] value) {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    public Bytes {
        value = value.clone();
    }

    public static Bytes copyOf(byte[] source, int offset, int length) {
        return new Bytes(Arrays.copyOfRange(source, offset, offset + length));
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    /** Space-separated lower-case hex, e.g. "01 00 00 02". */
    public String hex() {
        return HexFormat.ofDelimiter(" ").formatHex(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return hex();
    }
}
