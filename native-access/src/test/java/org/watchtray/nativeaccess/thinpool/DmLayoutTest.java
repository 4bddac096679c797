package org.watchtray.nativeaccess.thinpool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.watchtray.core.thinpool.DeviceMapper;
import org.watchtray.nativeaccess.libc.Structs;

/** The dm ioctl structs match include/uapi/linux/dm-ioctl.h on x86-64 (wire-formats §3.2–3.4). */
class DmLayoutTest {

    @Test
    void dmIoctlIs312BytesWithTheDocumentedOffsets() {
        assertEquals(312, Structs.DM_IOCTL.byteSize());
        assertEquals(0, Structs.DM_IOCTL_VERSION);
        assertEquals(12, Structs.DM_IOCTL_DATA_SIZE);
        assertEquals(16, Structs.DM_IOCTL_DATA_START);
        assertEquals(20, Structs.DM_IOCTL_TARGET_COUNT);
        assertEquals(28, Structs.DM_IOCTL_FLAGS);
        assertEquals(32, Structs.DM_IOCTL_EVENT_NR);
        assertEquals(40, Structs.DM_IOCTL_DEV);
        assertEquals(48, Structs.DM_IOCTL_NAME);
        assertEquals(176, Structs.DM_IOCTL_UUID);
    }

    @Test
    void targetSpecAndNameListMatchTheKernel() {
        assertEquals(40, Structs.DM_TARGET_SPEC.byteSize());
        assertEquals(20, Structs.DM_TARGET_SPEC_NEXT);
        assertEquals(24, Structs.DM_TARGET_SPEC_TYPE);
        assertEquals(16, Structs.DM_NAME_LIST.byteSize());
        assertEquals(8, Structs.DM_NAME_LIST_NEXT);
        assertEquals(12, Structs.DM_NAME_LIST_NAME);
    }

    @Test
    void requestNumbersAreIowrOf0xFdWithTheStructSize() {
        assertEquals(0xC138FD00L, LinuxDeviceMapper.request(LinuxDeviceMapper.DM_VERSION));
        assertEquals(0xC138FD02L, LinuxDeviceMapper.request(LinuxDeviceMapper.DM_LIST_DEVICES));
        assertEquals(0xC138FD08L, LinuxDeviceMapper.request(LinuxDeviceMapper.DM_DEV_WAIT));
        assertEquals(0xC138FD0CL, LinuxDeviceMapper.request(LinuxDeviceMapper.DM_TABLE_STATUS));
        assertEquals(0xC138FD10L, LinuxDeviceMapper.request(LinuxDeviceMapper.DM_DEV_ARM_POLL));
    }
}
