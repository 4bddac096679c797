package org.watchtray.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark stream as bench/decoder.c reads it too: u32 buffer count, then per buffer a
 * u32 length and that many bytes (what one read() of a notification pipe returned). All
 * little-endian. Loaded into one array with per-buffer offsets, as a reader reuses one buffer.
 */
public record StreamFile(byte[] data, int[] offsets, int[] lengths) {

    public static StreamFile load(Path path) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        int count = in.getInt();
        int[] offsets = new int[count];
        int[] lengths = new int[count];
        byte[] data = new byte[in.remaining() - 4 * count];
        int at = 0;
        for (int i = 0; i < count; i++) {
            int n = in.getInt();
            in.get(data, at, n);
            offsets[i] = at;
            lengths[i] = n;
            at += n;
        }
        return new StreamFile(data, offsets, lengths);
    }

    public int buffers() {
        return offsets.length;
    }
}
