package org.watchtray.nativeaccess.thinpool;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.watchtray.core.thinpool.DeviceMapper;
import org.watchtray.fuzz.Target;

/**
 * The payloads of device-mapper ioctl replies (DM_LIST_DEVICES' dm_name_list chain and
 * DM_TABLE_STATUS' dm_target_spec entries) as {@link DmPayloads} walks them. The first input
 * byte picks the walk and its count; the rest is the reply's data area. A corrupt reply must
 * end in {@link IllegalArgumentException} (what the thin-pool source reports), never in a read
 * outside the reply. It lives in {@link DmPayloads}' package because the walker is the
 * bindings' own, not API.
 */
public final class DmPayloadTarget implements Target {
    @Override
    public String name() {
        return "dm-payloads";
    }

    @Override
    public List<byte[]> seeds() {
        return List.of(withSelector(0, nameList()), withSelector(1, nameList()), withSelector(2 | (2 << 2), targetSpecs()),
                withSelector(0, new byte[16]));
    }

    @Override
    public boolean declared(Throwable t) {
        return t instanceof IllegalArgumentException;
    }

    @Override
    public void run(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int selector = input[0] & 0xFF;
        MemorySegment data = MemorySegment.ofArray(java.util.Arrays.copyOfRange(input, 1, input.length));
        switch (selector & 3) {
            case 0, 1 -> {
                for (DeviceMapper.Device d : DmPayloads.names(data, (selector & 1) == 0)) {
                    if (d.name().indexOf('\0') >= 0) {
                        throw new AssertionError("a device name kept its NUL: " + d);
                    }
                }
            }
            default -> DmPayloads.targets(data, selector >>> 2); // up to 63 targets
        }
    }

    private static byte[] withSelector(int selector, byte[] data) {
        byte[] out = new byte[data.length + 1];
        out[0] = (byte) selector;
        System.arraycopy(data, 0, out, 1, data.length);
        return out;
    }

    /** Two dm_name_list entries with event_nr, as dm-ioctl.c's list_devices writes them (see DmPayloadsTest). */
    private static byte[] nameList() {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, 0xFD00L);   //  0: dev 253:0
        b.putInt(8, 32);         //  8: next entry 32 bytes on
        put(b, 12, "pool");      // 12: name, NUL-terminated
        b.putInt(24, 2);         // 24: event_nr at align8(17)
        b.putLong(32, 0xFD01L);  // 32: dev 253:1
        b.putInt(40, 0);         // 40: next 0, the last entry
        put(b, 44, "thin0");     // 44: name
        b.putInt(56, 0);         // 56: event_nr at align8(50)
        return b.array();
    }

    /** Two dm_target_spec entries (a thin-pool status and an error target), offsets from the data start. */
    private static byte[] targetSpecs() {
        String status = "0 214/2048 0/1024 - rw discard_passdown error_if_no_space - 512 ";
        ByteBuffer b = ByteBuffer.allocate(192).order(ByteOrder.LITTLE_ENDIAN);
        int next = (int) DmPayloads.align8(40 + status.length() + 1);
        b.putLong(0, 0);           //  0: sector_start
        b.putLong(8, 131072);      //  8: length in sectors
        b.putInt(20, next);        // 20: next spec, from the start of the data area
        put(b, 24, "thin-pool");   // 24: target_type[16]
        put(b, 40, status);        // 40: the status string
        b.putLong(next, 131072);   // the second target: error, no parameters
        b.putLong(next + 8, 8);
        put(b, next + 24, "error");
        return b.array();
    }

    private static void put(ByteBuffer b, int at, String s) {
        byte[] n = s.getBytes(StandardCharsets.US_ASCII);
        b.put(at, n).put(at + n.length, (byte) 0);
    }
}
