package org.watchtray.nativeaccess.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.watchtray.core.mounts.FanotifyMountRecords;

/** The mount-related layouts have their x86-64 (uapi) sizes and offsets; the pure fanotify decoder agrees with them. */
class MountStructsTest {

    @Test
    void mntIdReq() {
        assertEquals(32, Structs.MNT_ID_REQ.byteSize(), "MNT_ID_REQ_SIZE_VER1");
        assertEquals(0, Structs.MNT_ID_REQ_SIZE);
        assertEquals(8, Structs.MNT_ID_REQ_MNT_ID);
        assertEquals(16, Structs.MNT_ID_REQ_PARAM);
        assertEquals(24, Structs.MNT_ID_REQ.byteOffset(groupElement("mnt_ns_id")));
    }

    @Test
    void statmountFixedPartIs512Bytes() {
        assertEquals(512, Structs.STATMOUNT.byteSize());
        assertEquals(512, Structs.STATMOUNT_STR);
        assertEquals(0, Structs.STATMOUNT_SIZE);
        assertEquals(4, Structs.STATMOUNT_MNT_OPTS);
        assertEquals(8, Structs.STATMOUNT_MASK);
        assertEquals(16, Structs.STATMOUNT_SB_DEV_MAJOR);
        assertEquals(20, Structs.STATMOUNT_SB_DEV_MINOR);
        assertEquals(24, Structs.STATMOUNT_SB_MAGIC);
        assertEquals(32, Structs.STATMOUNT_SB_FLAGS);
        assertEquals(36, Structs.STATMOUNT_FS_TYPE);
        assertEquals(40, Structs.STATMOUNT_MNT_ID);
        assertEquals(48, Structs.STATMOUNT_MNT_PARENT_ID);
        assertEquals(56, Structs.STATMOUNT_MNT_ID_OLD);
        assertEquals(60, Structs.STATMOUNT_MNT_PARENT_ID_OLD);
        assertEquals(64, Structs.STATMOUNT_MNT_ATTR);
        assertEquals(72, Structs.STATMOUNT_MNT_PROPAGATION);
        assertEquals(80, Structs.STATMOUNT_MNT_PEER_GROUP);
        assertEquals(88, Structs.STATMOUNT_MNT_MASTER);
        assertEquals(96, Structs.STATMOUNT_PROPAGATE_FROM);
        assertEquals(104, Structs.STATMOUNT_MNT_ROOT);
        assertEquals(108, Structs.STATMOUNT_MNT_POINT);
        assertEquals(112, Structs.STATMOUNT.byteOffset(groupElement("mnt_ns_id")));
        assertEquals(120, Structs.STATMOUNT_FS_SUBTYPE);
        assertEquals(124, Structs.STATMOUNT_SB_SOURCE);
        assertEquals(144, Structs.STATMOUNT_SUPPORTED_MASK);
        assertEquals(168, Structs.STATMOUNT.byteOffset(groupElement("__spare2")));
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
