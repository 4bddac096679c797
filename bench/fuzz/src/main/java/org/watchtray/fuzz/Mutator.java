package org.watchtray.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Coverage-free mutation: each input is a seed (or an earlier mutant) with 1–8 stacked
 * mutations of the kinds that find decoder bugs — flipped bits, boundary values written over
 * length and count fields (as 8, 16, 32 and 64-bit little-endian), bytes inserted, deleted,
 * duplicated or cut, dictionary words spliced in, and a splice with another seed.
 */
final class Mutator {
    private static final long[] INTERESTING = {0, 1, -1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
            0x7fffffffL, 0x80000000L, 0xffffffffL, Long.MAX_VALUE, Long.MIN_VALUE, 8, 16, 127, 128, 255, 4096, 65535};
    private static final byte[][] TEXT = bytes(" ", "\n", "\t", "\\", "\\040", "\\x", "\\xff", "0", "-1", "4294967297",
            "99999999999999999999", "/", ":", ";", "=", ",", "\"", "{", "}", "[", "]", "\u202e", "\u0000", "\r\n", "%", "+");

    private final SplittableRandom random;
    private final List<byte[]> seeds;
    private final List<byte[]> dictionary;
    private final int maxLength;

    Mutator(long seed, List<byte[]> seeds, List<byte[]> dictionary, int maxLength) {
        this.random = new SplittableRandom(seed);
        this.seeds = seeds.isEmpty() ? List.of(new byte[0]) : seeds;
        this.dictionary = dictionary;
        this.maxLength = maxLength;
    }

    byte[] next(byte[] base) {
        byte[] b = base;
        int n = 1 + random.nextInt(random.nextInt(8) + 1);
        for (int i = 0; i < n; i++) {
            b = once(b);
        }
        return b.length > maxLength ? Arrays.copyOf(b, maxLength) : b;
    }

    byte[] seed() {
        return seeds.get(random.nextInt(seeds.size()));
    }

    boolean chance(int inN) {
        return random.nextInt(inN) == 0;
    }

    private byte[] once(byte[] b) {
        int kind = random.nextInt(12);
        if (b.length == 0 && kind < 8) {
            kind = 8;
        }
        switch (kind) {
            case 0 -> {
                byte[] c = b.clone();
                int at = random.nextInt(c.length);
                c[at] ^= (byte) (1 << random.nextInt(8));
                return c;
            }
            case 1 -> {
                byte[] c = b.clone();
                c[random.nextInt(c.length)] = (byte) random.nextInt(256);
                return c;
            }
            case 2, 3 -> {
                return writeInteresting(b, kind == 2 ? 2 : 4);
            }
            case 4 -> {
                return writeInteresting(b, random.nextBoolean() ? 1 : 8);
            }
            case 5 -> { // delete a run
                int at = random.nextInt(b.length);
                int len = 1 + random.nextInt(Math.min(16, b.length - at));
                byte[] c = new byte[b.length - len];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + len, c, at, b.length - at - len);
                return c;
            }
            case 6 -> { // duplicate a run
                int at = random.nextInt(b.length);
                int len = 1 + random.nextInt(Math.min(64, b.length - at));
                return insert(b, random.nextInt(b.length + 1), Arrays.copyOfRange(b, at, at + len));
            }
            case 7 -> { // cut
                return Arrays.copyOf(b, random.nextInt(b.length));
            }
            case 8 -> { // random bytes inserted
                byte[] r = new byte[1 + random.nextInt(8)];
                for (int i = 0; i < r.length; i++) {
                    r[i] = (byte) random.nextInt(256);
                }
                return insert(b, random.nextInt(b.length + 1), r);
            }
            case 9, 10 -> { // a word inserted or written over
                byte[] word = word();
                int at = random.nextInt(b.length + 1);
                if (random.nextBoolean() || at + word.length > b.length) {
                    return insert(b, at, word);
                }
                byte[] c = b.clone();
                System.arraycopy(word, 0, c, at, word.length);
                return c;
            }
            default -> { // splice with another seed
                byte[] other = seed();
                int cut = b.length == 0 ? 0 : random.nextInt(b.length + 1);
                int from = other.length == 0 ? 0 : random.nextInt(other.length + 1);
                byte[] c = Arrays.copyOf(b, cut + other.length - from);
                System.arraycopy(other, from, c, cut, other.length - from);
                return c;
            }
        }
    }

    private byte[] word() {
        if (!dictionary.isEmpty() && random.nextInt(3) != 0) {
            return dictionary.get(random.nextInt(dictionary.size()));
        }
        return TEXT[random.nextInt(TEXT.length)];
    }

    private byte[] writeInteresting(byte[] b, int width) {
        if (b.length < width) {
            return b;
        }
        long v = random.nextInt(4) == 0 ? random.nextLong() : INTERESTING[random.nextInt(INTERESTING.length)];
        if (random.nextInt(4) == 0) {
            v += random.nextInt(33) - 16;
        }
        byte[] c = b.clone();
        int at = random.nextInt(b.length - width + 1);
        for (int i = 0; i < width; i++) {
            c[at + i] = (byte) (v >>> (8 * i));
        }
        return c;
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        byte[] c = new byte[b.length + what.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(what, 0, c, at, what.length);
        System.arraycopy(b, at, c, at + what.length, b.length - at);
        return c;
    }

    static byte[][] bytes(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return out;
    }
}
