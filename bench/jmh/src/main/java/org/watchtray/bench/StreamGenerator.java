package org.watchtray.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a realistic key-queue capture (fixed seed, so every run measures the same bytes):
 * reads of 1–32 records; 93 % 16-byte key notifications with a plausible subtype mix
 * (links/unlinks and updates dominate), 7 % removals (mostly the 16-byte form the kernel
 * posts for keys), and a loss record closing about one read in 200, where the kernel puts it.
 */
public final class StreamGenerator {
    private StreamGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 262_144;
        SplittableRandom random = new SplittableRandom(20250301L);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int buffers = 0;
        int written = 0;
        long bytes = 0;
        while (written < records) {
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            int n = Math.min(records - written, 1 + random.nextInt(32));
            for (int i = 0; i < n; i++) {
                if (random.nextInt(100) < 93) {
                    key(read, random);
                } else {
                    removal(read, random);
                }
            }
            written += n;
            if (random.nextInt(200) == 0) {
                read.writeBytes(le(0x0100_0000, 8)); // META LOSS, length 8
                written++;
            }
            body.writeBytes(le(read.size()));
            body.writeBytes(read.toByteArray());
            bytes += read.size();
            buffers++;
        }
        file.writeBytes(le(buffers));
        file.writeBytes(body.toByteArray());
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, file.toByteArray());
        System.out.println(buffers + " buffers, " + written + " records, " + bytes + " bytes");
    }

    private static final int[] SUBTYPE_WEIGHTS = {5, 20, 25, 25, 3, 4, 3, 15}; // INSTANTIATED..SETATTR, percent

    private static void key(ByteArrayOutputStream out, SplittableRandom random) {
        int roll = random.nextInt(100);
        int subtype = 0;
        while (roll >= SUBTYPE_WEIGHTS[subtype]) {
            roll -= SUBTYPE_WEIGHTS[subtype++];
        }
        int watchId = 1 + random.nextInt(4);
        int serial = 1 + random.nextInt(Integer.MAX_VALUE - 1);
        int aux = subtype == 2 || subtype == 3 ? 1 + random.nextInt(Integer.MAX_VALUE - 1) : 0;
        out.writeBytes(le(1 | subtype << 24, 16 | watchId << 8, serial, aux));
    }

    private static void removal(ByteArrayOutputStream out, SplittableRandom random) {
        int watchId = 1 + random.nextInt(4);
        if (random.nextInt(10) < 2) {
            out.writeBytes(le(0, 8 | watchId << 8));
        } else {
            out.writeBytes(le(0, 16 | watchId << 8, 1 + random.nextInt(Integer.MAX_VALUE - 1), 0));
        }
    }

    private static byte[] le(int... words) {
        ByteBuffer b = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }
}
