package org.watchtray.core.record;

import java.io.ByteArrayOutputStream;

/** Helpers for byte fixtures written as commented int lists. */
public final class Fixtures {
    private Fixtures() {
    }

    /** Bytes from ints 0..255 (written in hex in the fixtures so each can be commented). */
    public static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 0xFF) {
                throw new IllegalArgumentException("not a byte: " + values[i]);
            }
            b[i] = (byte) values[i];
        }
        return b;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
