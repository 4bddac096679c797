package org.watchtray.nativeaccess.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.core.record.TypeFilter;
import org.watchtray.core.record.WatchTypes;
import org.watchtray.nativeaccess.lab.KernelLab;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.nativeaccess.libc.Structs;

/**
 * The notification queue binding: its filter struct, and each kernel case asserted for what it
 * is. Which case the host is in comes from KEYCTL_CAPABILITIES (KernelKeys), not from the call
 * under test; the queue case always runs in the kernel lab VM, so setSize and setFilter are
 * exercised in CI whatever the host kernel is.
 */
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

    /** This machine's kernel, in whichever case KEYCTL_CAPABILITIES says it is. */
    @Test
    void theHostKernelBehavesAsItsCapabilitiesSay() throws OsException {
        LinuxLibc libc = new LinuxLibc();
        if (!KernelKeys.notificationsBuiltIn()) {
            OsException e = assertThrows(OsException.class, () -> WatchQueue.open(libc).close());
            assertEquals(Errno.ENOPKG, e.errno(), "without CONFIG_WATCH_QUEUE pipe2 fails with ENOPKG: " + e.getMessage());
            assertEquals("pipe2", e.call());
            return;
        }
        try (WatchQueue q = WatchQueue.open(libc)) {
            q.setSize(8);
            q.setFilter(List.of(new TypeFilter(WatchTypes.TYPE_KEY_NOTIFY, 0xff)));
            assertEquals(-1, q.readOrAgain(new byte[128]), "nothing queued yet, and no blocking");
        }
    }

    /** The queue case on the lab VM's kernel: the filter drops what it excludes, the size bounds what waits. */
    @Test
    void inTheLabTheFilterAndTheSizeShapeWhatArrives() throws Exception {
        KernelLab.Result run = KernelLab.java(null, WatchQueueLabMain.class, 120);
        Map<String, String> m = new LinkedHashMap<>();
        run.output().lines().filter(l -> l.startsWith("M|")).map(l -> l.split("\\|", 3)).forEach(f -> m.put(f[1], f[2]));
        assertEquals(0, run.exitCode(), run.describe());
        assertEquals("ok", m.get("done"), run.describe());
        assertEquals("true", m.get("notifications"), "the lab kernel has key notifications\n" + run.describe());
        assertEquals("linked,linked", m.get("filtered"), "two links; the setattr between them was filtered out\n" + run.describe());
        long linked = Long.parseLong(m.get("flood-linked"));
        assertTrue(linked < WatchQueueLabMain.FLOOD && linked >= 1, "a one-page queue holds fewer than " + WatchQueueLabMain.FLOOD + ": " + linked);
        assertEquals("1", m.get("flood-loss"), "the overflow is said by one loss record\n" + run.describe());
    }
}
