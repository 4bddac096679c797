package org.watchtray.nativeaccess.thinpool;

import org.watchtray.core.thinpool.BlockWrites;
import org.watchtray.core.thinpool.FilesystemWrites;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/** How {@code NativeAccess} reaches the thin-pool bindings that stay package-private. This package is not exported. */
public final class ThinPoolBindings {
    private ThinPoolBindings() {
    }

    /** fanotify groups marking whole filesystems for writes. */
    public static FilesystemWrites.Opener filesystemWrites(LinuxLibc libc) {
        return () -> FanotifyFilesystemWrites.open(libc);
    }

    /** perf events on the block_bio_queue tracepoint, one per online CPU, filtered to a pool's devices. */
    public static BlockWrites.Opener blockWrites(LinuxLibc libc) {
        return devices -> PerfBlockWrites.open(libc, devices, BlockTracepoint.TRACEFS, OnlineCpus.ONLINE);
    }
}
