package org.watchtray.core.record;

import java.util.OptionalLong;
import java.util.function.Consumer;
import org.watchtray.core.event.Bytes;

/** Turns visitor callbacks into {@link WatchRecord} values, with offsets shifted by {@code base}. */
final class RecordCollector implements RecordVisitor {
    private final Consumer<? super WatchRecord> sink;
    private long base;

    /** @param base added to a buffer index to give the offset a record reports */
    RecordCollector(Consumer<? super WatchRecord> sink, long base) {
        this.sink = sink;
        this.base = base;
    }

    void base(long base) {
        this.base = base;
    }

    @Override
    public void key(byte[] buf, int offset, int subtype, int watchId, int keySerial, int aux) {
        sink.accept(new WatchRecord.KeyNotification(base + offset, subtype, watchId, keySerial, aux, Bytes.copyOf(buf, offset, 16)));
    }

    @Override
    public void removal(byte[] buf, int offset, int length, int watchId, long objectId) {
        sink.accept(new WatchRecord.Removal(base + offset, watchId,
                length == 16 ? OptionalLong.of(objectId) : OptionalLong.empty(), Bytes.copyOf(buf, offset, length)));
    }

    @Override
    public void loss(byte[] buf, int offset, int watchId) {
        sink.accept(new WatchRecord.Loss(base + offset, watchId, Bytes.copyOf(buf, offset, 8)));
    }

    @Override
    public void watchtray(byte[] buf, int offset, int length, int type, int subtype, int watchId) {
        sink.accept(AgentRecordCodec.decode(base + offset, type, subtype, watchId, buf, offset, length));
    }

    @Override
    public void unknown(byte[] buf, int offset, int length, int type, int subtype, int watchId) {
        sink.accept(new WatchRecord.Unknown(base + offset, type, subtype, watchId, Bytes.copyOf(buf, offset, length)));
    }

    @Override
    public void malformed(byte[] buf, int offset, int length, String problem) {
        sink.accept(new WatchRecord.Malformed(base + offset, length, problem,
                Bytes.copyOf(buf, offset, Math.min(length, WatchRecord.Malformed.RAW_LIMIT))));
    }
}
