package org.watchtray.core.record;

/** A visitor that counts each kind of callback and the bytes it covers; tests override what they need. */
class CountingVisitor implements RecordVisitor {
    long keys;
    long removals;
    long losses;
    long watchtray;
    long unknown;
    long malformed;
    long bytes;

    @Override
    public void key(byte[] buf, int offset, int subtype, int watchId, int keySerial, int aux) {
        keys++;
        bytes += 16;
    }

    @Override
    public void removal(byte[] buf, int offset, int length, int watchId, long objectId) {
        removals++;
        bytes += length;
    }

    @Override
    public void loss(byte[] buf, int offset, int watchId) {
        losses++;
        bytes += 8;
    }

    @Override
    public void watchtray(byte[] buf, int offset, int length, int type, int subtype, int watchId) {
        watchtray++;
        bytes += length;
    }

    @Override
    public void unknown(byte[] buf, int offset, int length, int type, int subtype, int watchId) {
        unknown++;
        bytes += length;
    }

    @Override
    public void malformed(byte[] buf, int offset, int length, String problem) {
        malformed++;
        bytes += length;
    }
}
