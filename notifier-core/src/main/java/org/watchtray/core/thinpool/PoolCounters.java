package org.watchtray.core.thinpool;

import java.util.List;
import java.util.Optional;
import org.watchtray.core.os.OsException;
import org.watchtray.core.parse.Parsed;

/**
 * A look's I/O-counter part: the counters of a pool's data and metadata devices
 * ({@link BlockCounterFiles}, each file kept open), with a problem logged once per device.
 * Backend thread only.
 */
final class PoolCounters implements AutoCloseable {
    private final BlockCounterFiles files;
    private final Complaints complaints;

    PoolCounters(BlockCounterFiles files, Complaints complaints) {
        this.files = files;
        this.complaints = complaints;
    }

    /** The I/O counters of the pool's data and metadata devices now; empty when either cannot be read. */
    Optional<ThinPoolActivity> activity(String pool, KnownDevice k) {
        if (k.dataDevice().isEmpty() || k.metadataDevice().isEmpty()) {
            return Optional.empty();
        }
        BlockCounters data = read(pool, k.dataDevice());
        BlockCounters metadata = data == null ? null : read(pool, k.metadataDevice());
        return metadata == null ? Optional.empty() : Optional.of(new ThinPoolActivity(data, metadata));
    }

    private BlockCounters read(String pool, String device) {
        try {
            switch (files.read(device)) {
                case Parsed.Ok<BlockCounters> ok -> {
                    complaints.solved(device);
                    return ok.value();
                }
                case Parsed.Malformed<BlockCounters> bad -> complaints.complain(device, "I/O counters of " + device + " (thin pool " + pool
                        + "): " + bad.problem() + "; the pool is read in full at every look", null);
            }
        } catch (OsException e) {
            complaints.complain(device, "I/O counters of " + device + " (thin pool " + pool + ") cannot be read; the pool is read in full at every look", e);
        }
        return null;
    }

    /** A pool reloaded: the files of devices its new table no longer names are closed. */
    void forgetUnused(KnownDevice was, KnownDevice now) {
        for (String device : List.of(was.dataDevice(), was.metadataDevice())) {
            if (!device.equals(now.dataDevice()) && !device.equals(now.metadataDevice())) {
                files.forget(device);
            }
        }
    }

    /** A pool went: the files of its devices are closed. */
    void forget(KnownDevice k) {
        files.forget(k.dataDevice());
        files.forget(k.metadataDevice());
    }

    @Override
    public void close() {
        files.close();
    }
}
