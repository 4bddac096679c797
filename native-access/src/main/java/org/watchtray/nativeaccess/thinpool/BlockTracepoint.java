package org.watchtray.nativeaccess.thinpool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;

/**
 * The {@code block:block_bio_queue} tracepoint as tracefs describes it: its perf config (the
 * event id) and the kernel filter that keeps only writes to some devices.
 *
 * @param id         the event id, perf's {@code config} for {@code PERF_TYPE_TRACEPOINT}
 * @param hasRwbs    whether its format has the {@code rwbs} string (the filter then keeps writes only)
 */
record BlockTracepoint(long id, boolean hasRwbs) {
    /** Where tracefs is: its own mount point, else the old place under debugfs. */
    static final List<Path> TRACEFS = List.of(Path.of("/sys/kernel/tracing"), Path.of("/sys/kernel/debug/tracing"));
    private static final Path EVENT = Path.of("events", "block", "block_bio_queue");

    /** Reads the id and format from the first of {@code roots} that has the event; ENOENT when none has (tracefs not mounted, no block tracepoints). */
    static BlockTracepoint find(List<Path> roots) throws OsException {
        for (Path root : roots) {
            Path dir = root.resolve(EVENT);
            try {
                long id = Long.parseLong(Files.readString(dir.resolve("id")).trim());
                String format = Files.readString(dir.resolve("format"));
                if (!format.contains("dev_t dev;")) {
                    throw new OsException("tracefs", dir.resolve("format").toString(), Errno.EINVAL, "block_bio_queue has no dev field");
                }
                return new BlockTracepoint(id, format.contains(" rwbs["));
            } catch (NoSuchFileException absent) {
                // not mounted here, or no such event: the next place
            } catch (IOException | NumberFormatException e) {
                throw new OsException("tracefs", dir.toString(), Errno.EACCES, e.toString());
            }
        }
        throw new OsException("tracefs", roots.stream().map(Path::toString).collect(Collectors.joining(", ")), Errno.ENOENT,
                "no events/block/block_bio_queue");
    }

    /** The kernel's own dev_t of "major:minor" (MKDEV: major above 20 bits of minor), which the tracepoint's {@code dev} holds. */
    static long kernelDev(String number) {
        int colon = number.indexOf(':');
        return (Long.parseLong(number.substring(0, colon)) << 20) | Long.parseLong(number.substring(colon + 1));
    }

    /** {@code (dev == A || dev == B) && rwbs ~ "*W*"}; without {@code writesOnly}, the devices alone. */
    static String filter(Set<String> devices, boolean writesOnly) {
        String devs = devices.stream().sorted().map(d -> "dev == " + kernelDev(d)).collect(Collectors.joining(" || ", "(", ")"));
        return writesOnly ? devs + " && rwbs ~ \"*W*\"" : devs;
    }
}
