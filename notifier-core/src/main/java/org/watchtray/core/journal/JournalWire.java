package org.watchtray.core.journal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * journald's native protocol: the bytes of one entry, as sent in one datagram (or, when larger
 * than a datagram may be, in a sealed memfd). A value without a newline is written
 * {@code NAME=value\n}; any other value binary-safe as {@code NAME\n}, its length as a 64-bit
 * little-endian integer, the value, {@code \n} (systemd.io/JOURNAL_NATIVE_PROTOCOL).
 */
public final class JournalWire {
    private JournalWire() {
    }

    public static byte[] encode(List<JournalField> entry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        for (JournalField f : entry) {
            byte[] name = f.name().getBytes(StandardCharsets.US_ASCII);
            byte[] value = f.value().getBytes(StandardCharsets.UTF_8);
            out.writeBytes(name);
            if (f.value().indexOf('\n') < 0) {
                out.write('=');
                out.writeBytes(value);
            } else {
                out.write('\n');
                long n = value.length;
                for (int i = 0; i < 8; i++) {
                    out.write((int) (n >>> (8 * i)));
                }
                out.writeBytes(value);
            }
            out.write('\n');
        }
        return out.toByteArray();
    }
}
