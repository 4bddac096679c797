package org.watchtray.core.thinpool;

import org.watchtray.core.parse.Numbers;
import org.watchtray.core.parse.Parsed;

/**
 * The I/O counters of one block device that say whether it was written: from
 * {@code /sys/dev/block/MAJ:MIN/stat} (Documentation/block/stat.rst), whose fields are read
 * I/Os, read merges, read sectors, read ticks, <b>write I/Os</b>, write merges, <b>write
 * sectors</b>, write ticks, <b>in flight</b>, io ticks, time in queue, then since Linux 4.18
 * <b>discard I/Os</b>, discard merges, discard sectors, discard ticks, and since 5.5 flush I/Os
 * and flush ticks. A thin pool's usage cannot grow without a write reaching its data device, nor
 * its metadata without a commit written to its metadata device, so unchanged counters with
 * nothing in flight mean an unchanged pool.
 *
 * @param discards 0 on kernels before 4.18, which do not count them
 */
public record BlockCounters(long writes, long writeSectors, long inFlight, long discards) {
    /** Fields up to time_in_queue: every kernel since 2.6 prints at least these. */
    private static final int MIN_FIELDS = 11;

    /** Something is being written or discarded right now (its effect may not show yet). */
    public boolean busy() {
        return inFlight > 0;
    }

    /** The stat file's text: whitespace-separated decimals. */
    public static Parsed<BlockCounters> parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        String[] f = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        if (f.length < MIN_FIELDS) {
            return Parsed.malformed("block device stat has " + f.length + " fields, expected at least " + MIN_FIELDS + ": '"
                    + Parsed.clip(trimmed) + "'", 0);
        }
        long[] v = new long[Math.min(f.length, 12)];
        for (int i = 0; i < v.length; i++) {
            Long n = Numbers.unsignedDecimal(f[i]);
            if (n == null) {
                return Parsed.malformed("block device stat field " + (i + 1) + " is not a counter: '" + Parsed.clip(f[i]) + "'", i);
            }
            v[i] = n;
        }
        return Parsed.ok(new BlockCounters(v[4], v[6], v[8], v.length > 11 ? v[11] : 0));
    }
}
