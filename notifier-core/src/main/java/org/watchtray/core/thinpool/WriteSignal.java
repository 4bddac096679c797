package org.watchtray.core.thinpool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.watchtray.core.os.Inotify;
import org.watchtray.core.os.InotifyEvent;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;

/**
 * One pool's write signal. Where the kernel lets us, the block layer's ({@link BlockWrites}: every
 * write queued to the pool's data and metadata devices, whoever issued it), and then nothing
 * else. Otherwise an inotify instance watching its volumes' device nodes for
 * {@code IN_MODIFY} (a write(2), aio or io_uring write through the node) and a fanotify group
 * marking the filesystems mounted from them ({@link FilesystemWrites}). Its fds become readable
 * at the first write after they were drained; nothing is read while the pool is being looked at
 * anyway, and the kernel merges repeated events on one object, so a flood costs one wake-up.
 * {@link #complete()} is false when a node or a filesystem could not be watched: the pool is
 * then looked at as if written (docs/thinpool.md). Backend thread only.
 */
final class WriteSignal implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WriteSignal.class.getName());

    private final PoolVolumes volumes;
    /** The pool's data and metadata devices, which the block-layer signal watches. */
    private final Set<String> devices;
    private final BlockWrites block;
    /** Why the block-layer signal is not used (empty when it is). */
    private final String blockProblem;
    /** Whether the block events record now. */
    private boolean enabled;
    private final Inotify inotify;
    private final FilesystemWrites filesystems;
    private final List<String> problems;

    private WriteSignal(PoolVolumes volumes, Set<String> devices, BlockWrites block, String blockProblem, Inotify inotify,
                        FilesystemWrites filesystems, List<String> problems) {
        this.volumes = volumes;
        this.devices = Set.copyOf(devices);
        this.block = block;
        this.blockProblem = blockProblem;
        this.inotify = inotify;
        this.filesystems = filesystems;
        this.problems = List.copyOf(problems);
    }

    /**
     * The block-layer signal on {@code devices} (the pool's data and metadata devices) where it
     * can be opened; else watches what {@code volumes} found, and what cannot be watched is listed
     * in {@link #problems()}.
     */
    static WriteSignal open(Libc libc, BlockWrites.Opener blocks, FilesystemWrites.Opener opener, PoolVolumes volumes,
                            Set<String> devices) {
        String blockProblem;
        try {
            return new WriteSignal(volumes, devices, blocks.open(devices), "", null, null, List.of());
        } catch (OsException e) {
            blockProblem = BlockWrites.why(e);
        }
        List<String> problems = new ArrayList<>(volumes.problems());
        Inotify inotify = null;
        if (!volumes.nodes().isEmpty()) {
            try {
                inotify = new Inotify(libc);
                for (Path node : volumes.nodes()) {
                    try {
                        inotify.addWatch(node, Libc.IN_MODIFY);
                    } catch (OsException e) {
                        problems.add("inotify on " + node + ": " + e.getMessage());
                    }
                }
            } catch (OsException e) {
                problems.add("inotify: " + e.getMessage());
            }
        }
        FilesystemWrites filesystems = null;
        if (!volumes.mountPoints().isEmpty()) {
            try {
                filesystems = opener.open();
                for (String mountPoint : volumes.mountPoints()) {
                    try {
                        filesystems.mark(mountPoint);
                    } catch (OsException e) {
                        problems.add("fanotify on the filesystem at " + mountPoint + ": " + e.getMessage());
                    }
                }
            } catch (OsException e) {
                problems.add("fanotify: " + e.getMessage());
            }
        }
        return new WriteSignal(volumes, devices, null, blockProblem, inotify, filesystems, problems);
    }

    /** Whether this signal watches {@code found} stacked on a pool whose devices are {@code poolDevices}. */
    boolean watches(PoolVolumes found, Set<String> poolDevices) {
        return volumes.equals(found) && devices.equals(poolDevices);
    }

    /** Whether its block-layer events no longer cover every CPU online ({@link BlockWrites#stale}): it must be opened again. */
    boolean stale() {
        return block != null && block.stale();
    }

    /** Every write is seen (the block layer), or every node and filesystem found is watched. */
    boolean complete() {
        return coverage() != ReadingSchedule.Coverage.NONE;
    }

    ReadingSchedule.Coverage coverage() {
        return block != null ? ReadingSchedule.Coverage.BLOCK_LAYER
                : problems.isEmpty() ? ReadingSchedule.Coverage.FILESYSTEMS : ReadingSchedule.Coverage.NONE;
    }

    /** Why the block-layer signal is not used; empty when it is. */
    String blockProblem() {
        return blockProblem;
    }

    /** Starts recording block-layer writes (before a look reads the counters, so none falls between the two). */
    void enable() throws OsException {
        if (block != null && !enabled) {
            block.enable();
            enabled = true;
        }
    }

    /** Stops recording them: a written pool is looked at anyway, and a disabled event costs nothing. */
    void disable() {
        if (block != null && enabled) {
            enabled = false;
            try {
                block.disable();
            } catch (OsException e) {
                LOG.log(System.Logger.Level.WARNING, "disabling a thin pool's block-layer signal: " + e.getMessage());
            }
        }
    }

    List<String> problems() {
        return problems;
    }

    /** The fds to register for readability while the pool is quiet. */
    List<Integer> fds() {
        List<Integer> fds = new ArrayList<>(2);
        if (block != null) {
            fds.addAll(block.fds());
        }
        if (inotify != null) {
            fds.add(inotify.fd());
        }
        if (filesystems != null) {
            fds.add(filesystems.fd());
        }
        return fds;
    }

    /** Reads whatever was signalled since the last drain; true when anything was. */
    boolean drain() {
        boolean any = block != null && block.drain();
        try {
            if (inotify != null) {
                for (InotifyEvent e : inotify.drain()) {
                    any = true;
                    if ((e.mask() & Libc.IN_IGNORED) != 0) {
                        LOG.log(System.Logger.Level.DEBUG, "a watched device node went away; the next rescan watches the new ones");
                    }
                }
            }
            if (filesystems != null) {
                any |= filesystems.drain();
            }
        } catch (OsException e) {
            LOG.log(System.Logger.Level.WARNING, "reading a thin pool's write signal: " + e.getMessage());
            return true; // cannot tell: count it as written
        }
        return any;
    }

    @Override
    public void close() {
        if (block != null) {
            block.close();
        }
        if (inotify != null) {
            inotify.close();
        }
        if (filesystems != null) {
            filesystems.close();
        }
    }
}
