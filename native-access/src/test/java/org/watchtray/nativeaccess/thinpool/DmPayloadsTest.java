package org.watchtray.nativeaccess.thinpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.core.thinpool.DeviceMapper;

/** Reply payloads laid out byte by byte as dm-ioctl.c writes them (list_devices, retrieve_status). */
class DmPayloadsTest {

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void putName(ByteBuffer b, int at, String s) {
        byte[] n = s.getBytes(StandardCharsets.US_ASCII);
        b.put(at, n).put(at + n.length, (byte) 0);
    }

    @Test
    void walksTheNameListWithEventCounters() {
        ByteBuffer b = le(96);
        b.putLong(0, 0xFD00L);          //  0: dev 253:0
        b.putInt(8, 32);                //  8: next = 32 (entry 16 + name padded + event_nr + flags)
        putName(b, 12, "pool");         // 12: "pool\0" → bytes 12..16
        b.putInt(24, 2);                // 24: event_nr at align8(17) = 24
        b.putInt(28, 0);                // 28: flags (no UUID asked for)
        b.putLong(32, 0xFD01L);         // 32: dev 253:1
        b.putInt(40, 0);                // 40: next = 0, last entry
        putName(b, 44, "thin0");        // 44: "thin0\0" → bytes 44..49
        b.putInt(56, 0);                // 56: event_nr at align8(50) = 56
        List<DeviceMapper.Device> devices = DmPayloads.names(MemorySegment.ofArray(b.array()), true);
        assertEquals(List.of(new DeviceMapper.Device("pool", 0xFD00L, 2), new DeviceMapper.Device("thin0", 0xFD01L, 0)), devices);
    }

    @Test
    void anEmptyListIsOneEntryWithDevZero() {
        assertEquals(List.of(), DmPayloads.names(MemorySegment.ofArray(new byte[16]), true));
        // What the lab kernel (6.1) actually replies with no dm devices: data_size == data_start.
        assertEquals(List.of(), DmPayloads.names(MemorySegment.ofArray(new byte[0]), true));
    }

    @Test
    void oldKernelsHaveNoEventCounter() {
        ByteBuffer b = le(32);
        b.putLong(0, 0xFD00L);
        putName(b, 12, "p");
        assertEquals(-1, DmPayloads.names(MemorySegment.ofArray(b.array()), false).get(0).eventNr());
    }

    @Test
    void walksTargetSpecsByOffsetsFromTheDataStart() {
        String status = "0 214/2048 0/1024 - rw discard_passdown error_if_no_space - 512 ";
        ByteBuffer b = le(256);
        b.putLong(0, 0);                // 0: sector_start
        b.putLong(8, 131072);           // 8: length in sectors (64 MiB)
        b.putInt(16, 0);                // 16: status
        int next = (int) DmPayloads.align8(40 + status.length() + 1);
        b.putInt(20, next);             // 20: next spec, from the start of the data area
        putName(b, 24, "thin-pool");    // 24: target_type[16]
        putName(b, 40, status);         // 40: the status string
        b.putLong(next, 131072);        // second target
        b.putLong(next + 8, 8);
        putName(b, next + 24, "error");
        putName(b, next + 40, "");
        List<DeviceMapper.Target> targets = DmPayloads.targets(MemorySegment.ofArray(b.array()), 2);
        assertEquals(new DeviceMapper.Target(0, 131072, "thin-pool", status), targets.get(0));
        assertEquals(new DeviceMapper.Target(131072, 8, "error", ""), targets.get(1));
    }

    @Test
    void corruptRepliesAreRejectedNotOverread() {
        ByteBuffer backwards = le(128);
        putName(backwards, 24, "linear");
        backwards.putInt(20, 0);          // next spec points at itself
        assertThrows(IllegalArgumentException.class, () -> DmPayloads.targets(MemorySegment.ofArray(backwards.array()), 2));
        ByteBuffer noNul = le(20);
        noNul.putLong(0, 1);
        for (int i = 12; i < 20; i++) {
            noNul.put(i, (byte) 'a');      // name runs off the end
        }
        assertThrows(IllegalArgumentException.class, () -> DmPayloads.names(MemorySegment.ofArray(noNul.array()), true));
        ByteBuffer far = le(32);
        far.putLong(0, 1).putInt(8, 4096); // next entry beyond the reply
        putName(far, 12, "a");
        assertThrows(IllegalArgumentException.class, () -> DmPayloads.names(MemorySegment.ofArray(far.array()), true));
    }
}
