package org.watchtray.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.source.SourceStatus;

/**
 * Properties over many random inputs from fixed seeds (so a failure reproduces): the decoder
 * never throws, always terminates, accounts for every byte exactly once, keeps what precedes
 * a corruption, does not depend on chunking, and round-trips random agent events. A failing
 * case prints its seed and input.
 */
class DecoderPropertiesTest {
    private static final int CASES = 3000;

    @Test
    void randomBytesNeverThrowAndEveryByteIsAccountedForOnce() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Random random = new Random(0x5eed_0001L);
            for (int i = 0; i < CASES; i++) {
                byte[] buf = new byte[random.nextInt(600)];
                random.nextBytes(buf);
                if (i % 3 == 0) {
                    plantPlausibleHeaders(buf, random); // make resynchronisation find things
                }
                checkTiling(buf);
                RecordDecoder.decode(buf);
            }
        });
    }

    @Test
    void mutatedValidStreamsNeverThrowAndKeepEveryRecordBeforeTheFirstChange() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Random random = new Random(0x5eed_0002L);
            for (int i = 0; i < CASES; i++) {
                byte[] valid = validStream(random);
                byte[] changed = valid.clone();
                mutate(random, changed, changed.length);
                byte[] mutated = applyLengthMutation(random, changed);
                int changedAt = firstDifference(valid, mutated);
                checkTiling(mutated);
                List<WatchRecord> before = RecordDecoder.decode(valid);
                List<WatchRecord> after = RecordDecoder.decode(mutated);
                for (int r = 0; r < before.size(); r++) {
                    WatchRecord rec = before.get(r);
                    if (end(valid, before, r) > changedAt) {
                        break;
                    }
                    assertEquals(rec, after.get(r), () -> "record before the first change at " + changedAt + " differs; input "
                            + new org.watchtray.core.event.Bytes(mutated).hex());
                }
            }
        });
    }

    @Test
    void chunkedStreamsDecodeExactlyLikeOneBuffer() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Random random = new Random(0x5eed_0003L);
            for (int i = 0; i < CASES / 3; i++) {
                byte[] buf = validStream(random);
                if (random.nextBoolean()) {
                    mutate(random, buf, buf.length);
                }
                List<WatchRecord> whole = RecordDecoder.decode(buf);
                List<WatchRecord> chunked = new ArrayList<>();
                RecordStream stream = new RecordStream(chunked::add);
                for (int at = 0; at < buf.length; ) {
                    int n = Math.min(buf.length - at, 1 + random.nextInt(40));
                    stream.feed(buf, at, n);
                    at += n;
                }
                stream.finish();
                byte[] input = buf;
                assertEquals(whole, chunked, () -> "input " + new org.watchtray.core.event.Bytes(input).hex());
            }
        });
    }

    @Test
    void randomAgentEventsRoundTrip() {
        Random random = new Random(0x5eed_0004L);
        for (int i = 0; i < CASES; i++) {
            Event e = randomEvent(random);
            byte[] record = AgentRecordCodec.encode(e);
            assertEquals(List.of(new WatchRecord.AgentEvent(0, 0, e)), RecordDecoder.decode(record), e::toString);
        }
    }

    @Test
    void kernelRecordsDecodeAsTheSpecSaysWhicheverPathTheDecoderTakes() {
        Random random = new Random(0x5eed_0005L);
        for (int i = 0; i < CASES; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int n = random.nextInt(40); n > 0; n--) {
                out.writeBytes(nearKernelRecord(random));
            }
            byte[] buf = out.toByteArray();
            List<String> expected = new ArrayList<>();
            int stop = specDecode(buf, expected);
            List<String> actual = new ArrayList<>();
            for (WatchRecord r : RecordDecoder.decode(buf)) {
                if (r.offset() >= stop) {
                    break;
                }
                actual.add(describe(r));
            }
            assertEquals(expected, actual, () -> new org.watchtray.core.event.Bytes(buf).hex());
        }
    }

    /** A kernel-type record that is valid, or slightly off in type, subtype, length or flags. */
    private static byte[] nearKernelRecord(Random random) {
        int type = random.nextInt(10) == 0 ? 2 : random.nextInt(2);
        int subtype = random.nextInt(10) == 0 ? 8 + random.nextInt(3) : random.nextInt(type == 1 ? 8 : 2);
        int[] lengths = {8, 16, 16, 16, 12, 24, 20};
        int len = lengths[random.nextInt(lengths.length)];
        int flags = random.nextInt(8) == 0 ? random.nextInt(0x10000) << 16 : 0;
        byte[] r = new byte[len];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(r).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(type | subtype << 24).putInt(len | random.nextInt(256) << 8 | flags);
        while (b.remaining() >= 4) {
            b.putInt(random.nextInt());
        }
        return r;
    }

    /** docs/wire-format.md §3-4 written as plainly as possible; returns where framing is lost. */
    private static int specDecode(byte[] buf, List<String> out) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        while (buf.length - pos >= 8) {
            int w0 = b.getInt(pos);
            int info = b.getInt(pos + 4);
            int type = w0 & 0xFFFFFF;
            int subtype = w0 >>> 24;
            int len = info & 0x7F;
            int id = info >>> 8 & 0xFF;
            if (len < 8 || len > buf.length - pos) {
                return pos;
            }
            if (type == 1 && subtype <= 7) {
                out.add(len == 16 ? "key " + pos + " " + subtype + " " + id + " " + b.getInt(pos + 8) + " " + b.getInt(pos + 12)
                        : "malformed " + pos + " " + len);
            } else if (type == 0 && subtype == 0) {
                out.add(len == 8 ? "removal " + pos + " " + id + " none"
                        : len == 16 ? "removal " + pos + " " + id + " " + b.getLong(pos + 8) : "malformed " + pos + " " + len);
            } else if (type == 0 && subtype == 1) {
                out.add(len == 8 ? "loss " + pos : "malformed " + pos + " " + len);
            } else {
                out.add("unknown " + pos + " " + type + " " + subtype + " " + len);
            }
            pos += len;
        }
        return pos;
    }

    private static String describe(WatchRecord r) {
        return switch (r) {
            case WatchRecord.KeyNotification k -> "key " + k.offset() + " " + k.subtype() + " " + k.watchId() + " " + k.keySerial() + " " + k.aux();
            case WatchRecord.Removal m -> "removal " + m.offset() + " " + m.watchId() + " "
                    + (m.objectId().isPresent() ? Long.toString(m.objectId().getAsLong()) : "none");
            case WatchRecord.Loss l -> "loss " + l.offset();
            case WatchRecord.Malformed m -> "malformed " + m.offset() + " " + m.length();
            case WatchRecord.Unknown u -> "unknown " + u.offset() + " " + u.type() + " " + u.subtype() + " " + u.raw().length();
            default -> r.toString();
        };
    }

    /** Every byte is covered by exactly one callback, in order, with no gap and no overlap. */
    private static void checkTiling(byte[] buf) {
        long[] next = {0};
        RecordVisitor tiling = new RecordVisitor() {
            private void covers(int offset, int length) {
                assertEquals(next[0], offset, "gap or overlap");
                assertTrue(length >= 1, "empty region");
                next[0] = offset + (long) length;
            }

            @Override
            public void key(byte[] b, int offset, int subtype, int watchId, int keySerial, int aux) {
                covers(offset, 16);
            }

            @Override
            public void removal(byte[] b, int offset, int length, int watchId, long objectId) {
                covers(offset, length);
            }

            @Override
            public void loss(byte[] b, int offset, int watchId) {
                covers(offset, 8);
            }

            @Override
            public void watchtray(byte[] b, int offset, int length, int type, int subtype, int watchId) {
                covers(offset, length);
            }

            @Override
            public void unknown(byte[] b, int offset, int length, int type, int subtype, int watchId) {
                covers(offset, length);
            }

            @Override
            public void malformed(byte[] b, int offset, int length, String problem) {
                covers(offset, length);
            }
        };
        RecordDecoder.walk(buf, 0, buf.length, tiling);
        assertEquals(buf.length, next[0], "bytes left unaccounted for");
    }

    static byte[] validStream(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 1 + random.nextInt(12);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(5)) {
                case 0 -> out.writeBytes(Fixtures.bytes(0x01, 0, 0, random.nextInt(8), 0x10, random.nextInt(256), 0, 0,
                        random.nextInt(256), random.nextInt(256), random.nextInt(256), random.nextInt(128), 0, 0, 0, 0));
                case 1 -> out.writeBytes(Fixtures.bytes(0, 0, 0, 0, 0x08, random.nextInt(256), 0, 0));
                case 2 -> out.writeBytes(Fixtures.bytes(0, 0, 0, 0, 0x10, random.nextInt(256), 0, 0,
                        random.nextInt(256), random.nextInt(256), 0, 0, 0, 0, 0, 0));
                case 3 -> out.writeBytes(Fixtures.bytes(0, 0, 0, 1, 0x08, 0, 0, 0));
                default -> out.writeBytes(AgentRecordCodec.encode(randomEvent(random)));
            }
        }
        return out.toByteArray();
    }

    /** Overwrites one to four random bytes with random values. */
    private static void mutate(Random random, byte[] buf, int length) {
        for (int k = 1 + random.nextInt(4); k > 0 && length > 0; k--) {
            buf[random.nextInt(length)] = (byte) random.nextInt(256);
        }
    }

    /** Sometimes truncates, or inserts or deletes a run of bytes, somewhere. */
    private static byte[] applyLengthMutation(Random random, byte[] buf) {
        int at = random.nextInt(buf.length + 1);
        return switch (random.nextInt(4)) {
            case 0 -> Arrays.copyOf(buf, at);
            case 1 -> {
                byte[] insert = new byte[1 + random.nextInt(20)];
                random.nextBytes(insert);
                yield Fixtures.concat(Arrays.copyOf(buf, at), insert, Arrays.copyOfRange(buf, at, buf.length));
            }
            case 2 -> Fixtures.concat(Arrays.copyOf(buf, at),
                    Arrays.copyOfRange(buf, Math.min(buf.length, at + 1 + random.nextInt(20)), buf.length));
            default -> buf;
        };
    }

    private static int firstDifference(byte[] a, byte[] b) {
        int mismatch = Arrays.mismatch(a, b);
        return mismatch < 0 ? Integer.MAX_VALUE : mismatch;
    }

    /** End offset of record {@code r} in a valid stream: the next record's offset or the length. */
    private static long end(byte[] buf, List<WatchRecord> records, int r) {
        return r + 1 < records.size() ? records.get(r + 1).offset() : buf.length;
    }

    private static void plantPlausibleHeaders(byte[] buf, Random random) {
        for (int k = random.nextInt(4); k > 0 && buf.length >= 8; k--) {
            int at = random.nextInt(buf.length - 7);
            byte[] header = switch (random.nextInt(3)) {
                case 0 -> Fixtures.bytes(0x01, 0, 0, random.nextInt(8), 0x10, 0, 0, 0);
                case 1 -> Fixtures.bytes(0, 0, 0, 1, 0x08, 0, 0, 0);
                default -> Fixtures.bytes(0x02, 0x54, 0x57, random.nextInt(10), 0, 0, random.nextInt(256), random.nextInt(2));
            };
            System.arraycopy(header, 0, buf, at, 8);
        }
    }

    static Event randomEvent(Random random) {
        Instant time = Instant.ofEpochSecond(random.nextLong(-10_000_000_000L, 10_000_000_000L), random.nextInt(1_000_000) * 1000L);
        return switch (random.nextInt(4)) {
            case 0 -> new ThinPoolEvent(time, pick(random, ThinPoolEvent.Change.values()),
                    random.nextBoolean() ? null : pick(random, Severity.values()), text(random), random.nextBoolean() ? null : text(random),
                    random.nextBoolean() ? Double.NaN : random.nextDouble() * 100, random.nextDouble() * 100,
                    random.nextInt(101), random.nextBoolean() ? null : Duration.ofNanos(random.nextLong(0, Long.MAX_VALUE / 2) / 1000 * 1000),
                    text(random));
            case 1 -> new UsbEvent(time, pick(random, UsbEvent.Change.values()), text(random), text(random), text(random),
                    random.nextInt(), 1 + random.nextInt(1000), random.nextInt(1000));
            case 2 -> new LossEvent(time, pick(random, SourceId.values()), random.nextBoolean() ? -1 : random.nextLong(0, Long.MAX_VALUE),
                    random.nextBoolean() ? null : text(random));
            default -> new SourceStatusEvent(time, new SourceStatus(pick(random, SourceId.values()),
                    pick(random, SourceStatus.State.values()), text(random), text(random)));
        };
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Short strings mixing ASCII, markup, control characters, accents, CJK and emoji. */
    private static String text(Random random) {
        String[] parts = {"a", "1-1.2", "<b>", "&amp;", "\n", "\t", "\u001b[31m", "\u0000", "é", "池", "\uD83D\uDD0C", "\u202e", " ", "/"};
        StringBuilder s = new StringBuilder();
        for (int k = random.nextInt(8); k > 0; k--) {
            s.append(parts[random.nextInt(parts.length)]);
        }
        return s.toString();
    }
}
