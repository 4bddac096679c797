package org.watchtray.nativeaccess.thinpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.core.parse.Parsed;
import org.watchtray.core.thinpool.BlockCounterFiles;
import org.watchtray.core.thinpool.BlockCounters;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/** BlockCounterFiles through the real libc, on files laid out as /sys/dev/block; and on this host's own sysfs. */
class BlockCounterFilesTest {
    private final LinuxLibc libc = new LinuxLibc();

    @Test
    void keepsTheFileOpenAndReadsItAfreshEachTime(@TempDir Path dir) throws Exception {
        Path stat = Files.createDirectories(dir.resolve("253:2")).resolve("stat");
        Files.writeString(stat, "0 0 0 0 6 0 8 10 0 0 12 0 0 0 0 5 1\n");
        Map<Integer, String> fdsBefore = openFds();
        try (BlockCounterFiles files = new BlockCounterFiles(libc, dir.toString())) {
            assertEquals(Parsed.ok(new BlockCounters(6, 8, 0, 0)), files.read("253:2"));
            Files.writeString(stat, "0 0 0 0 7 0 16 10 1 0 12 0 0 0 0 5 1\n"); // rewritten in place, as sysfs prints anew
            assertEquals(Parsed.ok(new BlockCounters(7, 16, 1, 0)), files.read("253:2"));
            assertEquals(fdsBefore.size() + 1, openFds().size(), "one open file per device, kept");
        }
        assertEquals(fdsBefore, openFds(), "closed with the reader");
    }

    @Test
    void aDeviceThatIsNotThereIsENOENTAndANameThatIsNotANumberNeverAPath(@TempDir Path dir) {
        try (BlockCounterFiles files = new BlockCounterFiles(libc, dir.toString())) {
            assertEquals(Errno.ENOENT, assertThrows(OsException.class, () -> files.read("253:9")).errno());
            assertEquals(Errno.ENOENT, assertThrows(OsException.class, () -> files.read("../../etc/passwd")).errno());
        }
    }

    @Test
    void readsThisHostsOwnBlockDevices() throws Exception {
        Path sys = Path.of("/sys/dev/block");
        String device;
        try (var list = Files.list(sys)) {
            device = list.map(p -> p.getFileName().toString()).filter(n -> Files.exists(sys.resolve(n).resolve("stat")))
                    .findFirst().orElse(null);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(device != null, "this host lists no block device in /sys/dev/block");
        try (BlockCounterFiles files = new BlockCounterFiles(libc, sys.toString())) {
            assertEquals(true, files.read(device).isOk(), device);
        }
    }

    private static Map<Integer, String> openFds() throws Exception {
        Map<Integer, String> fds = new TreeMap<>();
        try (var list = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : list.toList()) {
                try {
                    fds.put(Integer.parseInt(fd.getFileName().toString()), Files.readSymbolicLink(fd).toString());
                } catch (java.io.IOException gone) {
                    // the listing's own fd
                }
            }
        }
        return fds;
    }
}
