package org.watchtray.nativeaccess.thinpool;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.thinpool.DeviceMapper;
import org.watchtray.nativeaccess.libc.Structs;

/**
 * Walks the payloads of dm ioctl replies (wire-formats §3.3, §3.4). Every offset the kernel
 * gives is checked against the bytes it said it wrote, so a corrupt reply ends the walk with
 * an {@link IllegalArgumentException} naming the offset instead of reading past the buffer.
 * Reads are unaligned-tolerant so byte-array fixtures can stand in for kernel replies.
 */
final class DmPayloads {
    private DmPayloads() {
    }

    /**
     * DM_LIST_DEVICES: a chain of {@code dm_name_list} starting at {@code data}; an empty list
     * is one entry with dev 0.
     *
     * @param withEventNr whether the kernel (dm 4.37+) put event_nr after each name
     */
    static List<DeviceMapper.Device> names(MemorySegment data, boolean withEventNr) {
        List<DeviceMapper.Device> out = new ArrayList<>();
        if (data.byteSize() == 0) {
            return out; // no devices: the kernel reports data_size = data_start (its dev = 0 entry lies outside)
        }
        long at = 0;
        while (true) {
            require(data, at, Structs.DM_NAME_LIST_NAME + 1, "dm_name_list");
            long dev = data.get(JAVA_LONG_UNALIGNED, at + Structs.DM_NAME_LIST_DEV);
            if (dev == 0 && out.isEmpty()) {
                return out;
            }
            long next = Integer.toUnsignedLong(data.get(JAVA_INT_UNALIGNED, at + Structs.DM_NAME_LIST_NEXT));
            String name = cString(data, at + Structs.DM_NAME_LIST_NAME, Structs.DM_NAME_LEN);
            long eventNr = -1;
            if (withEventNr) {
                long eventAt = align8(at + Structs.DM_NAME_LIST_NAME + name.getBytes(StandardCharsets.UTF_8).length + 1);
                require(data, eventAt, 4, "event_nr");
                eventNr = Integer.toUnsignedLong(data.get(JAVA_INT_UNALIGNED, eventAt));
            }
            out.add(new DeviceMapper.Device(name, dev, eventNr));
            if (next == 0) {
                return out;
            }
            at += next;
        }
    }

    /** DM_TABLE_STATUS: {@code count} dm_target_spec entries, each followed by its string. */
    static List<DeviceMapper.Target> targets(MemorySegment data, int count) {
        List<DeviceMapper.Target> out = new ArrayList<>();
        long at = 0;
        for (int i = 0; i < count; i++) {
            require(data, at, Structs.DM_TARGET_SPEC.byteSize() + 1, "dm_target_spec");
            long start = data.get(JAVA_LONG_UNALIGNED, at + Structs.DM_TARGET_SPEC_START);
            long length = data.get(JAVA_LONG_UNALIGNED, at + Structs.DM_TARGET_SPEC_LENGTH);
            long next = Integer.toUnsignedLong(data.get(JAVA_INT_UNALIGNED, at + Structs.DM_TARGET_SPEC_NEXT));
            String type = cString(data, at + Structs.DM_TARGET_SPEC_TYPE, 16);
            String text = cString(data, at + Structs.DM_TARGET_SPEC.byteSize(), data.byteSize() - at - Structs.DM_TARGET_SPEC.byteSize());
            out.add(new DeviceMapper.Target(start, length, type, text));
            if (i + 1 < count) {
                if (next <= at) {
                    throw new IllegalArgumentException("dm_target_spec " + i + " at " + at + " points back to " + next);
                }
                at = next; // relative to the start of the data area, unlike dm_name_list's
            }
        }
        return out;
    }

    /** A NUL-terminated string of at most {@code max} bytes; no NUL within them is an error. */
    static String cString(MemorySegment s, long at, long max) {
        long limit = Math.min(max, s.byteSize() - at);
        for (long i = 0; i < limit; i++) {
            if (s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at + i) == 0) {
                byte[] b = s.asSlice(at, i).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                return new String(b, StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException("string at " + at + " has no NUL within " + limit + " bytes");
    }

    private static void require(MemorySegment data, long at, long size, String what) {
        if (at < 0 || at + size > data.byteSize()) {
            throw new IllegalArgumentException(what + " at " + at + " (" + size + " bytes) lies outside the "
                    + data.byteSize() + "-byte reply");
        }
    }

    static long align8(long offset) {
        return (offset + 7) & ~7L;
    }
}
