package org.watchtray.core.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** statmount's numbers rendered as mountinfo prints them (checked against the real kernel in native-access). */
class MountinfoFormatTest {

    @Test
    void mountOptionsInShowMntOptsOrder() {
        assertEquals("rw,relatime", MountinfoFormat.mountOptions(0));
        assertEquals("ro,nosuid,nodev,noexec,noatime", MountinfoFormat.mountOptions(0x1 | 0x2 | 0x4 | 0x8 | 0x10));
        assertEquals("rw", MountinfoFormat.mountOptions(MountinfoFormat.MOUNT_ATTR_STRICTATIME));
        assertEquals("rw,nodiratime,relatime,nosymfollow,idmapped",
                MountinfoFormat.mountOptions(0x80 | 0x200000 | 0x100000));
    }

    @Test
    void superOptions() {
        assertEquals("rw", MountinfoFormat.superOptions(0, ""));
        assertEquals("ro,size=1024k", MountinfoFormat.superOptions(MountinfoFormat.SB_RDONLY, "size=1024k"));
        assertEquals("rw,sync,dirsync,lazytime", MountinfoFormat.superOptions(0x10 | 0x80 | (1 << 25), ""));
    }

    @Test
    void optionalFields() {
        assertEquals(List.of(), MountinfoFormat.optionalFields(MountinfoFormat.MS_PRIVATE, 0, 0, 0));
        assertEquals(List.of("shared:4"), MountinfoFormat.optionalFields(MountinfoFormat.MS_SHARED, 4, 0, 0));
        assertEquals(List.of("shared:4", "master:1"),
                MountinfoFormat.optionalFields(MountinfoFormat.MS_SHARED | MountinfoFormat.MS_SLAVE, 4, 1, 1));
        assertEquals(List.of("master:1", "propagate_from:2"),
                MountinfoFormat.optionalFields(MountinfoFormat.MS_SLAVE, 0, 1, 2));
        assertEquals(List.of("unbindable"), MountinfoFormat.optionalFields(MountinfoFormat.MS_UNBINDABLE, 0, 0, 0));
    }

    @Test
    void fsTypeWithSubtype() {
        assertEquals("fuse.sshfs", MountinfoFormat.fsType("fuse", "sshfs"));
        assertEquals("ext4", MountinfoFormat.fsType("ext4", ""));
    }
}
