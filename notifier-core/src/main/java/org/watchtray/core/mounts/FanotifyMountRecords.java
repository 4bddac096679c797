package org.watchtray.core.mounts;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes what {@code read(2)} returns from a fanotify group created with
 * {@code FAN_REPORT_MNT} (Linux 6.15+): {@code struct fanotify_event_metadata} records, each
 * followed by info records, of which the {@code struct fanotify_event_info_mnt} names the mount.
 *
 * <pre>
 * fanotify_event_metadata (24 bytes)        fanotify_event_info_mnt (16 bytes)
 *   @0  u32 event_len (header + infos)        @0 u8  info_type (FAN_EVENT_INFO_TYPE_MNT = 7)
 *   @4  u8  vers (FANOTIFY_METADATA_VERSION 3) @1 u8  pad
 *   @5  u8  reserved                          @2 u16 len (16)
 *   @6  u16 metadata_len (24)                 @4 4 bytes padding
 *   @8  u64 mask (FAN_MNT_ATTACH, _DETACH)    @8 u64 mnt_id (statmount's 64-bit ID)
 *   @16 s32 fd (FAN_NOFD = -1)
 *   @20 s32 pid
 * </pre>
 *
 * Host byte order. A move reports ATTACH and DETACH in one record. Malformed records are
 * reported and skipped by their stated length; a length that cannot be trusted ends the buffer.
 */
public final class FanotifyMountRecords {
    private FanotifyMountRecords() {
    }

    public static final long FAN_MNT_ATTACH = 0x01000000L;
    public static final long FAN_MNT_DETACH = 0x02000000L;
    public static final long FAN_Q_OVERFLOW = 0x00004000L;
    public static final int FANOTIFY_METADATA_VERSION = 3;
    public static final int FAN_EVENT_INFO_TYPE_MNT = 7;
    public static final int METADATA_SIZE = 24;
    public static final int INFO_MNT_SIZE = 16;

    /** Host-order views of the byte array (no ByteBuffer per read). */
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /** One event: its mask and the mount it is about (0 for an overflow record). */
    public record Record(long mask, long mountId) {
        public boolean attached() {
            return (mask & FAN_MNT_ATTACH) != 0;
        }

        public boolean detached() {
            return (mask & FAN_MNT_DETACH) != 0;
        }

        public boolean overflow() {
            return (mask & FAN_Q_OVERFLOW) != 0;
        }
    }

    public record Problem(int offset, String reason) {
    }

    public record Result(List<Record> records, List<Problem> problems) {
        public Result {
            records = List.copyOf(records);
            problems = List.copyOf(problems);
        }

        public boolean overflowed() {
            for (Record r : records) {
                if (r.overflow()) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The records in {@code buffer[0, length)}. Never throws on bad input: a {@code length}
     * the buffer cannot hold is a problem like any other, and nothing is decoded.
     */
    public static Result decode(byte[] buffer, int length) {
        List<Record> records = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        decode(buffer, length, records, problems);
        return new Result(records, problems);
    }

    /**
     * The same into the caller's lists (added to, not cleared): the watch reuses its lists at
     * every change instead of making a result and its copies.
     */
    static void decode(byte[] buffer, int length, List<Record> records, List<Problem> problems) {
        if (length < 0 || length > buffer.length) {
            problems.add(new Problem(0, "length " + length + " outside the " + buffer.length + "-byte buffer"));
            return;
        }
        int off = 0;
        while (off < length) {
            if (length - off < METADATA_SIZE) {
                problems.add(new Problem(off, "truncated record: " + (length - off) + " bytes, the header alone is " + METADATA_SIZE));
                break;
            }
            long eventLen = Integer.toUnsignedLong((int) INT.get(buffer, off));
            int vers = Byte.toUnsignedInt(buffer[off + 4]);
            int metadataLen = Short.toUnsignedInt((short) SHORT.get(buffer, off + 6));
            long mask = (long) LONG.get(buffer, off + 8);
            if (eventLen < METADATA_SIZE || eventLen > length - off) {
                problems.add(new Problem(off, "event_len " + eventLen + " does not fit the " + (length - off) + " bytes left"));
                break;
            }
            int end = off + (int) eventLen;
            if (vers != FANOTIFY_METADATA_VERSION) {
                problems.add(new Problem(off, "metadata version " + vers + ", expected " + FANOTIFY_METADATA_VERSION));
            } else if (metadataLen < METADATA_SIZE || metadataLen > eventLen) {
                problems.add(new Problem(off, "metadata_len " + metadataLen + " outside " + METADATA_SIZE + ".." + eventLen));
            } else if ((mask & FAN_Q_OVERFLOW) != 0) {
                records.add(new Record(mask, 0));
            } else {
                decodeInfos(buffer, off, off + metadataLen, end, mask, records, problems);
            }
            off = end;
        }
    }

    private static void decodeInfos(byte[] b, int event, int info, int end, long mask, List<Record> records, List<Problem> problems) {
        boolean found = false;
        while (info < end) {
            if (end - info < 4) {
                problems.add(new Problem(info, "truncated info header"));
                return;
            }
            int type = Byte.toUnsignedInt(b[info]);
            int len = Short.toUnsignedInt((short) SHORT.get(b, info + 2));
            if (len < 4 || len > end - info) {
                problems.add(new Problem(info, "info len " + len + " does not fit the " + (end - info) + " bytes left"));
                return;
            }
            if (type == FAN_EVENT_INFO_TYPE_MNT) {
                if (len < INFO_MNT_SIZE) {
                    problems.add(new Problem(info, "mount info of " + len + " bytes, expected " + INFO_MNT_SIZE));
                    return;
                }
                records.add(new Record(mask, (long) LONG.get(b, info + 8)));
                found = true;
            }
            info += len;
        }
        if (!found) {
            problems.add(new Problem(event, "event without a mount info record (mask 0x" + Long.toHexString(mask) + ")"));
        }
    }
}
