package org.watchtray.nativeaccess.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.watchtray.core.mounts.FanotifyMountRecords;

/**
 * The mount-related layouts have their x86-64 (uapi) sizes and offsets; the pure fanotify decoder agrees with them.
 * (struct statmount is decoded in Java; its offsets are asserted by core.mounts.StatmountBufferTest.)
 */
class MountStructsTest {

    @Test
    void mntIdReq() {
        assertEquals(32, Structs.MNT_ID_REQ.byteSize(), "MNT_ID_REQ_SIZE_VER1");
        assertEquals(0, Structs.MNT_ID_REQ_SIZE);
        assertEquals(8, Structs.MNT_ID_REQ_MNT_ID);
        assertEquals(16, Structs.MNT_ID_REQ_PARAM);
        assertEquals(4, Structs.MNT_ID_REQ_SPARE);
        assertEquals(24, Structs.MNT_ID_REQ_MNT_NS_ID);
    }

    @Test
    void fanotifyRecordsMatchTheDecoder() {
        assertEquals(24, Structs.FANOTIFY_EVENT_METADATA.byteSize());
        assertEquals(FanotifyMountRecords.METADATA_SIZE, Structs.FANOTIFY_EVENT_METADATA.byteSize());
        assertEquals(8, Structs.FANOTIFY_EVENT_METADATA.byteOffset(groupElement("mask")));
        assertEquals(16, Structs.FANOTIFY_EVENT_INFO_MNT.byteSize());
        assertEquals(FanotifyMountRecords.INFO_MNT_SIZE, Structs.FANOTIFY_EVENT_INFO_MNT.byteSize());
        assertEquals(8, Structs.FANOTIFY_EVENT_INFO_MNT.byteOffset(groupElement("mnt_id")));
        assertEquals(FanotifyMountRecords.FAN_MNT_ATTACH, Libc.FAN_MNT_ATTACH);
        assertEquals(FanotifyMountRecords.FAN_MNT_DETACH, Libc.FAN_MNT_DETACH);
    }
}
