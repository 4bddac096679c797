package org.watchtray.bench;

import org.watchtray.core.record.RecordVisitor;

/**
 * What both decoders compute per record, so neither can skip work: counts per kind and per key
 * subtype, sums of serials and object IDs, and the bytes covered. bench/decoder.c keeps the
 * same fields and prints the same checksum.
 */
public final class Accumulator implements RecordVisitor {
    final long[] keysBySubtype = new long[8];
    long removals;
    long losses;
    long other;
    long malformed;
    long serialSum;
    long objectSum;
    long bytes;

    void reset() {
        java.util.Arrays.fill(keysBySubtype, 0);
        removals = losses = other = malformed = serialSum = objectSum = bytes = 0;
    }

    long records() {
        long n = removals + losses + other + malformed;
        for (long k : keysBySubtype) {
            n += k;
        }
        return n;
    }

    long checksum() {
        long h = 17;
        for (long k : keysBySubtype) {
            h = h * 31 + k;
        }
        return ((((h * 31 + removals) * 31 + losses) * 31 + other) * 31 + malformed) * 31 + serialSum * 7 + objectSum * 3 + bytes;
    }

    @Override
    public void key(byte[] buf, int offset, int subtype, int watchId, int keySerial, int aux) {
        keysBySubtype[subtype]++;
        serialSum += keySerial + aux + watchId;
        bytes += 16;
    }

    @Override
    public void removal(byte[] buf, int offset, int length, int watchId, long objectId) {
        removals++;
        objectSum += objectId + watchId;
        bytes += length;
    }

    @Override
    public void loss(byte[] buf, int offset, int watchId) {
        losses++;
        bytes += 8;
    }

    @Override
    public void watchtray(byte[] buf, int offset, int length, int type, int subtype, int watchId) {
        other++;
        bytes += length;
    }

    @Override
    public void unknown(byte[] buf, int offset, int length, int type, int subtype, int watchId) {
        other++;
        bytes += length;
    }

    @Override
    public void malformed(byte[] buf, int offset, int length, String problem) {
        malformed++;
        bytes += length;
    }
}
