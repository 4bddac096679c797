package org.watchtray.nativeaccess.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.mounts.MountEntry;
import org.watchtray.core.mounts.MountTable;
import org.watchtray.core.mounts.MountTableReader;
import org.watchtray.core.os.Libc;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * The fallback reader on files whose content the kernel would never produce (a malformed line)
 * or that need many reads; a regular file stands in for mountinfo (same read/lseek/poll calls).
 */
class MountinfoReaderTest {
    private final Libc libc = NativeAccess.linux().libc();

    @TempDir
    Path dir;

    @Test
    void aMalformedLineKeepsThatMountsPreviousEntryAndIsReported() throws Exception {
        MountTable before = read("27 1 254:0 / / rw - ext4 /dev/vda rw\n28 27 0:40 / /home rw - ext4 /dev/vdb rw\n", MountTable.EMPTY).table();
        MountTableReader.Reading after = read("27 1 254:0 / / rw - ext4 /dev/vda rw\n28 27 0:40 / /home rw BROKEN\n", before);
        assertEquals(1, after.problems().size());
        assertEquals("no '-' separator after the optional fields", after.problems().getFirst().reason());
        assertSame(before.get(28), after.table().get(28), "the mount is not reported as gone");
        assertEquals(2, after.table().size());
    }

    @Test
    void aLargeTableIsReadWhole() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append(100 + i).append(" 27 0:").append(i).append(" / /mnt/with\\040space/").append(i)
                    .append(" rw,relatime - tmpfs t").append(i).append(" rw,size=1024k\n");
        }
        MountTable t = read(text.toString(), MountTable.EMPTY).table();
        assertEquals(5000, t.size());
        MountEntry last = t.get(5099);
        assertEquals("/mnt/with space/4999", last.mountPoint());
    }

    private MountTableReader.Reading read(String content, MountTable previous) throws Exception {
        Path f = Files.writeString(dir.resolve("mountinfo-" + System.nanoTime()), content, StandardCharsets.UTF_8);
        int fd = libc.open(f.toString(), Libc.O_RDONLY, "test file");
        try (MountTableReader reader = MountTableReader.mountinfo(libc, fd)) {
            return reader.readAll(previous);
        } finally {
            libc.close(fd);
        }
    }

    @Test
    void problemsCarryTheLine() throws Exception {
        MountTableReader.Reading r = read("garbage\n", MountTable.EMPTY);
        assertEquals(List.of("garbage"), r.problems().stream().map(p -> p.text()).toList());
    }
}
