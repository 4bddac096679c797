package org.watchtray.core.record;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Decodes a long record stream (a capture file, stdin) that arrives in chunks of any size.
 * A record split across chunks is kept until its end arrives, and a malformed region cut by a
 * chunk boundary is reported once, so the records are exactly those that
 * {@link RecordDecoder#decode(byte[])} finds in the whole stream. Memory stays bounded by one
 * chunk plus one record (at most 64 KiB). Offsets count from the start of the stream.
 */
public final class RecordStream {
    private final Consumer<? super WatchRecord> sink;
    private final RecordCollector collector;
    private WatchRecord.Malformed heldBack;
    private byte[] pending = new byte[0];
    private int pendingLength;
    private long pendingOffset;
    private boolean resyncing;

    public RecordStream(Consumer<? super WatchRecord> sink) {
        this.sink = sink;
        this.collector = new RecordCollector(this::emit, 0);
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
        if (heldBack != null) {
            sink.accept(heldBack);
            heldBack = null;
        }
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

    /**
     * Holds a malformed region back until it is known whether the next chunk continues it
     * (the continuation carries {@link RecordDecoder#RESYNC_CONTINUED} and starts where it ended).
     */
    private void emit(WatchRecord record) {
        if (heldBack != null && record instanceof WatchRecord.Malformed next
                && next.problem().equals(RecordDecoder.RESYNC_CONTINUED)
                && heldBack.offset() + heldBack.length() == next.offset()) {
            heldBack = merge(heldBack, next);
            return;
        }
        if (heldBack != null) {
            sink.accept(heldBack);
            heldBack = null;
        }
        if (record instanceof WatchRecord.Malformed m) {
            heldBack = m;
        } else {
            sink.accept(record);
        }
    }

    private static WatchRecord.Malformed merge(WatchRecord.Malformed first, WatchRecord.Malformed next) {
        byte[] a = first.raw().value();
        byte[] b = next.raw().value();
        byte[] raw = Arrays.copyOf(a, Math.min(WatchRecord.Malformed.RAW_LIMIT, a.length + b.length));
        System.arraycopy(b, 0, raw, a.length, raw.length - a.length);
        return new WatchRecord.Malformed(first.offset(), first.length() + next.length(), first.problem(),
                new org.watchtray.core.event.Bytes(raw));
    }
}
