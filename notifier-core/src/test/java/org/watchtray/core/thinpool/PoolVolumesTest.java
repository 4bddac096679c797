package org.watchtray.core.thinpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is stacked on a pool, from a sysfs, /dev and mountinfo laid out as the lab VM showed them:
 * pool 253:2, thin volume dm-3 on it, dm-crypt dm-4 on that, ext4 mounted from dm-4.
 */
class PoolVolumesTest {
    @TempDir
    Path root;

    private PoolVolumes.Places places(String mountinfo) throws IOException {
        Path sys = root.resolve("sys/dev/block");
        Files.createDirectories(sys.resolve("253:2/holders"));
        holder(sys, "253:2", "dm-3", "253:3");
        holder(sys, "253:3", "dm-4", "253:4");
        Files.createDirectories(sys.resolve("253:4/holders"));
        Path dev = Files.createDirectories(root.resolve("dev/mapper"));
        Files.writeString(root.resolve("dev/dm-3"), "");
        Files.writeString(root.resolve("dev/dm-4"), "");
        Files.writeString(dev.resolve("control"), ""); // a regular file here: no device number, never matched
        return new PoolVolumes.Places(sys, root.resolve("dev"), Files.writeString(root.resolve("mountinfo"), mountinfo));
    }

    /** sysfs' holders/NAME is a link to the holder's directory; a directory with the same "dev" file reads the same. */
    private static void holder(Path sys, String of, String name, String number) throws IOException {
        Path h = Files.createDirectories(sys.resolve(of).resolve("holders").resolve(name));
        Files.writeString(h.resolve("dev"), number + "\n");
    }

    @Test
    void findsTheThinVolumesWhatHoldsThemTheirNodesAndTheirFilesystems() throws IOException {
        PoolVolumes v = PoolVolumes.of("253:2", places("""
                22 1 0:21 / / rw,relatime - tmpfs tmpfs rw
                31 22 253:4 / /srv/data rw,relatime - ext4 /dev/mapper/secret rw
                32 22 253:4 /sub /mnt/bind rw,relatime - ext4 /dev/mapper/secret rw
                33 22 253:9 / /other rw,relatime - ext4 /dev/mapper/other rw
                """));
        assertEquals(Set.of("253:3", "253:4"), v.devices());
        assertEquals(Set.of(root.resolve("dev/dm-3"), root.resolve("dev/dm-4")), v.nodes());
        assertEquals(Set.of("/srv/data"), v.mountPoints(), "one mount per filesystem: a mark covers all of it");
        assertTrue(v.complete(), v.problems().toString());
    }

    @Test
    void aVolumeWithoutANodeOrAPoolSysfsDoesNotKnowLeavesItIncomplete() throws IOException {
        PoolVolumes.Places at = places("22 1 0:21 / / rw - tmpfs tmpfs rw\n");
        Files.delete(root.resolve("dev/dm-4"));
        PoolVolumes v = PoolVolumes.of("253:2", at);
        assertEquals(List.of("no device node for dm-4 (253:4)"), v.problems());
        assertFalse(PoolVolumes.of("253:7", at).complete(), "no holders directory: nothing can be said");
    }

    @Test
    void aPoolWithNothingOnItIsCompleteWithNothingToWatch() throws IOException {
        PoolVolumes.Places at = places("22 1 0:21 / / rw - tmpfs tmpfs rw\n");
        PoolVolumes v = PoolVolumes.of("253:4", at);
        assertEquals(Set.of(), v.devices());
        assertTrue(v.complete());
    }

    @Test
    void deviceNumbersAsDmListsThemAndAsStatSaysThem() {
        assertEquals("253:0", PoolVolumes.number(0xFD00));
        assertEquals("253:300", PoolVolumes.number((300 & 0xff) | (253 << 8) | ((300L & ~0xff) << 12)));
        assertEquals(PoolVolumes.rdev("1:3"), PoolVolumes.rdevOf(Path.of("/dev/null")), "glibc's makedev, as stat(2) gives it");
    }
}
