package org.watchtray.core.thinpool;

/**
 * A thin pool's two devices' I/O counters at one moment (its table names them: data device and
 * metadata device). Equal activity at two moments with nothing in flight means nothing was
 * written in between, so usage cannot have grown.
 */
public record ThinPoolActivity(BlockCounters data, BlockCounters metadata) {
    /** A write or discard is under way on either device. */
    public boolean busy() {
        return data.busy() || metadata.busy();
    }
}
