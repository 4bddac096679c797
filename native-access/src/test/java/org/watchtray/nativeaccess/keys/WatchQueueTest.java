package org.watchtray.nativeaccess.keys;

import org.watchtray.core.record.TypeFilter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.core.record.WatchTypes;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.nativeaccess.libc.Structs;

class WatchQueueTest {

    @Test
    void filterStructLayout() {
        assertEquals(44, Structs.WATCH_NOTIFICATION_TYPE_FILTER.byteSize());
        assertEquals(12, Structs.TYPE_FILTER_SUBTYPES);
        assertEquals(8, Structs.WATCH_NOTIFICATION_FILTER.byteSize());
    }

    @Test
    void filterBytes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment f = WatchQueue.encodeFilter(arena, List.of(
                    new TypeFilter(WatchTypes.TYPE_KEY_NOTIFY, 0b1000_1100),
                    new TypeFilter(WatchTypes.TYPE_META, 0b11)));
            String expected = ""
                    + "02000000" + "00000000"                      // nr_filters = 2, __reserved = 0
                    // entry 0: type 1 (KEY_NOTIFY), info_filter 0, info_mask 0, subtype_filter[0] = linked|unlinked|setattr
                    + "01000000" + "00000000" + "00000000" + "8c000000" + "00".repeat(28)
                    // entry 1: type 0 (META), subtype_filter[0] = removal|loss
                    + "00000000" + "00000000" + "00000000" + "03000000" + "00".repeat(28);
            assertEquals(expected, HexFormat.of().formatHex(f.toArray(ValueLayout.JAVA_BYTE)));
        }
    }

    @Test
    void probeOnThisKernel() throws OsException {
        LinuxLibc libc = new LinuxLibc();
        try (WatchQueue q = WatchQueue.open(libc)) {
            // This kernel has the queue: the ioctls must work too.
            q.setSize(8);
            q.setFilter(List.of(new TypeFilter(WatchTypes.TYPE_KEY_NOTIFY, 0xff)));
            assertTrue(q.fd() >= 0);
        } catch (OsException e) {
            assertEquals(Errno.ENOPKG, e.errno(), "without CONFIG_WATCH_QUEUE pipe2 fails with ENOPKG: " + e.getMessage());
        }
    }
}
