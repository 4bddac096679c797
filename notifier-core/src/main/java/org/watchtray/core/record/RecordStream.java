package org.watchtray.core.record;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Decodes a long record stream (a capture file, stdin) that arrives in chunks of any size.
 * A record split across chunks is kept until its end arrives, so the result does not depend
 * on where the chunks were cut; memory stays bounded by one chunk plus one record (at most
 * 64 KiB). Offsets count from the start of the stream.
 */
public final class RecordStream {
    private final RecordCollector collector;
    private byte[] pending = new byte[0];
    private int pendingLength;
    private long pendingOffset;
    private boolean resyncing;

    public RecordStream(Consumer<? super WatchRecord> sink) {
        this.collector = new RecordCollector(sink, 0);
    }

    /** Decodes every complete record in {@code chunk[offset, offset + length)} plus what was kept. */
    public void feed(byte[] chunk, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, chunk.length);
        if (pending.length < pendingLength + length) {
            pending = Arrays.copyOf(pending, Math.max(pendingLength + length, pending.length * 2));
        }
        System.arraycopy(chunk, offset, pending, pendingLength, length);
        pendingLength += length;
        run(false);
    }

    /** Decodes what is left at the end of the stream; a trailing partial record is malformed. */
    public void finish() {
        run(true);
    }

    /** Bytes consumed so far (not counting a kept partial record). */
    public long position() {
        return pendingOffset;
    }

    private void run(boolean endOfInput) {
        collector.base(pendingOffset);
        long r = RecordDecoder.walk(pending, 0, pendingLength, collector, endOfInput, resyncing);
        int stopped = (int) r;
        resyncing = (r & RecordDecoder.RESYNCING) != 0;
        System.arraycopy(pending, stopped, pending, 0, pendingLength - stopped);
        pendingLength -= stopped;
        pendingOffset += stopped;
    }
}
