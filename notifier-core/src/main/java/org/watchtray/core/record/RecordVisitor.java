package org.watchtray.core.record;

/**
 * Receives the records {@link RecordDecoder#walk} finds, as primitives, so a hot loop can
 * decode without allocating. Offsets index into {@code buf}; a callback must not keep
 * {@code buf}, which the caller reuses for the next read.
 */
public interface RecordVisitor {

    /** A 16-byte key notification (type 1, subtype 0–7). */
    void key(byte[] buf, int offset, int subtype, int watchId, int keySerial, int aux);

    /**
     * A watch removal: {@code length} 8 (no object ID; {@code objectId} is 0) or 16 (with the
     * watched object's ID).
     */
    void removal(byte[] buf, int offset, int length, int watchId, long objectId);

    /** The kernel's 8-byte loss record. */
    void loss(byte[] buf, int offset, int watchId);

    /**
     * A well-framed watchtray record of a known type and subtype; its payload is not yet
     * checked ({@link RecordDecoder#decodeWatchtray} does that).
     */
    void watchtray(byte[] buf, int offset, int length, int type, int subtype, int watchId);

    /** A well-framed record of a type or subtype this build does not know; skipped by length. */
    void unknown(byte[] buf, int offset, int length, int type, int subtype, int watchId);

    /** Bytes that are not a valid record. Called only for bad input, so it may allocate. */
    void malformed(byte[] buf, int offset, int length, String problem);
}
