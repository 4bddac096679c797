package org.watchtray.core.thinpool;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;
import org.watchtray.core.parse.Parsed;

/**
 * Reads block devices' {@link BlockCounters} from sysfs, by the "major:minor" a dm table names
 * them with ({@code /sys/dev/block/253:2/stat}). Each file stays open, so a look costs two
 * system calls (lseek to 0, which makes sysfs print the counters afresh, and read) and no path
 * lookup. A device that went away fails with ENODEV or ENOENT; its file is then closed and opened
 * again at the next read. Backend thread only.
 */
public final class BlockCounterFiles implements AutoCloseable {
    private static final int MAX = 512; // 17 counters of at most 20 digits and their separators fit
    private final Libc libc;
    private final String directory;
    private final Map<String, Integer> open = new HashMap<>();
    private final byte[] buf = new byte[MAX];

    /** @param directory where the devices' directories are, {@code /sys/dev/block} */
    public BlockCounterFiles(Libc libc, String directory) {
        this.libc = libc;
        this.directory = directory;
    }

    /** The counters of {@code device} ("253:2") now: Malformed when the file says something else; OsException when it cannot be read. */
    public Parsed<BlockCounters> read(String device) throws OsException {
        if (device.isEmpty() || device.contains("/") || device.startsWith(".")) {
            throw new OsException("open", device, Errno.ENOENT, "not a major:minor device number");
        }
        Integer fd = open.get(device);
        if (fd == null) {
            fd = libc.open(directory + "/" + device + "/stat", Libc.O_RDONLY, "I/O counters of block device " + device);
            open.put(device, fd);
        }
        try {
            libc.lseek(fd, 0, Libc.SEEK_SET);
            int n = libc.read(fd, buf, 0, buf.length);
            return BlockCounters.parse(new String(buf, 0, n, StandardCharsets.US_ASCII));
        } catch (OsException e) {
            forget(device);
            throw e;
        }
    }

    /** Closes {@code device}'s file (the pool went away, or was reloaded onto other devices). */
    public void forget(String device) {
        Integer fd = open.remove(device);
        if (fd != null) {
            libc.closeQuietly(fd);
        }
    }

    @Override
    public void close() {
        open.values().forEach(libc::closeQuietly);
        open.clear();
    }
}
