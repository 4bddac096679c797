package org.watchtray.core.record;

import static org.watchtray.core.record.WatchTypes.HEADER_SIZE;
import static org.watchtray.core.record.WatchTypes.INFO_ID_MASK;
import static org.watchtray.core.record.WatchTypes.INFO_ID_SHIFT;
import static org.watchtray.core.record.WatchTypes.INFO_LENGTH_MASK;
import static org.watchtray.core.record.WatchTypes.KEY_SETATTR;
import static org.watchtray.core.record.WatchTypes.META_LOSS;
import static org.watchtray.core.record.WatchTypes.META_REMOVAL;
import static org.watchtray.core.record.WatchTypes.TYPE_KEY_NOTIFY;
import static org.watchtray.core.record.WatchTypes.TYPE_META;
import static org.watchtray.core.record.WatchTypes.WATCHTRAY_INFO_LENGTH_SHIFT;
import static org.watchtray.core.record.WatchTypes.WATCHTRAY_TYPE_BASE;
import static org.watchtray.core.record.WatchTypes.WATCHTRAY_TYPE_LIMIT;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks a buffer of {@code struct watch_notification} records — what one {@code read()} of a
 * notification pipe or one agent datagram returns — by each record's length field.
 *
 * <p>Framing: a kernel type's length is {@code info & 0x7f}; a watchtray type's
 * ({@link WatchTypes#isWatchtrayType}) is {@code info >>> 16} with the 7-bit field 0. A record
 * is accepted when {@code 8 ≤ length ≤ remaining}. A well-framed record of the wrong size for
 * its type is reported as malformed and skipped by its length; an unknown type or subtype is
 * reported as unknown and skipped by its length.
 *
 * <p>Resynchronisation: when a length cannot be trusted (below 8, past the end of the buffer,
 * or a watchtray header with a non-zero 7-bit length) the framing is lost. The decoder then
 * looks, one byte at a time from the next byte, for the first position whose header is a
 * <em>strictly plausible</em> record — a known type and subtype with exactly its kernel size
 * and no stray bits, or a known watchtray type with its 7-bit length 0 and at least its
 * minimum size — that also fits in the buffer. The bytes skipped become one malformed
 * report and decoding resumes there; if no such position exists the rest of the buffer is
 * one malformed report. Every step advances by at least one byte, so decoding always ends.
 * (A kernel pipe never splits or corrupts records, and the next {@code read()} starts on a
 * record boundary, so a live source loses at most the rest of one buffer.)
 *
 * <p>Nothing in here throws on bad input.
 */
public final class RecordDecoder {
    private RecordDecoder() {
    }

    /**
     * Decodes every record in {@code buf[offset, offset + length)} into {@code visitor}
     * without allocating for valid kernel records. The buffer is complete: a record that runs
     * past its end is malformed.
     */
    public static void walk(byte[] buf, int offset, int length, RecordVisitor visitor) {
        java.util.Objects.checkFromIndexSize(offset, length, buf.length);
        int end = offset + length;
        int pos = offset;
        // Kept this small so the JIT inlines it into the caller's read loop: the common run
        // decodes whole buffers of key records, and anything else goes out of line, one record
        // (or one malformed region) at a time. At the end of input the step always advances.
        while ((pos = commonRun(buf, pos, end, visitor)) < end) {
            pos = (int) step(buf, pos, end, visitor, true);
        }
    }

    /** Decodes every record in {@code buf[offset, offset + length)}; offsets count from {@code offset}. */
    public static List<WatchRecord> decode(byte[] buf, int offset, int length) {
        List<WatchRecord> records = new ArrayList<>();
        walk(buf, offset, length, new RecordCollector(records::add, -offset));
        return records;
    }

    /** Decodes every record in {@code buf}. */
    public static List<WatchRecord> decode(byte[] buf) {
        return decode(buf, 0, buf.length);
    }

    /**
     * Decodes a watchtray record that a visitor received through
     * {@link RecordVisitor#watchtray}; {@code reportedOffset} is the offset the result carries.
     */
    public static WatchRecord decodeWatchtray(byte[] buf, int offset, int length, long reportedOffset) {
        int w0 = Le.i32(buf, offset);
        int info = Le.i32(buf, offset + 4);
        return AgentRecordCodec.decode(reportedOffset, w0 & 0x00FF_FFFF, w0 >>> 24, (info & INFO_ID_MASK) >>> INFO_ID_SHIFT,
                buf, offset, length);
    }

    /** The problem of a malformed region that continues one begun in an earlier chunk. */
    static final String RESYNC_CONTINUED = "no record boundary found while resynchronising after an earlier malformed record";

    /** Result bit of {@link #walk(byte[], int, int, RecordVisitor, boolean, boolean)}: stopped while resynchronising. */
    static final long RESYNCING = 1L << 32;
    /** Result bit of {@link #step}: stop and wait for more input (only when not at the end of input). */
    private static final long STOPPED = 1L << 33;

    /**
     * The walk over one chunk of a longer stream ({@link RecordStream}). With {@code endOfInput}
     * false it stops before a record that may continue in the next chunk instead of calling it
     * malformed.
     *
     * @return the index where decoding stopped, or-ed with {@link #RESYNCING} when it stopped
     *         in the middle of a resynchronisation
     */
    static long walk(byte[] buf, int from, int end, RecordVisitor v, boolean endOfInput, boolean resyncing) {
        int pos = from;
        if (resyncing) {
            long r = resync(buf, from, from, end, v, endOfInput, RESYNC_CONTINUED);
            if ((r & STOPPED) != 0) {
                return r & ~STOPPED;
            }
            pos = (int) r;
        }
        while ((pos = commonRun(buf, pos, end, v)) < end) {
            long r = step(buf, pos, end, v, endOfInput);
            if ((r & STOPPED) != 0) {
                return r & ~STOPPED;
            }
            pos = (int) r;
        }
        return pos;
    }

    /**
     * Decodes the record at {@code pos} by the general rules, or the malformed region that
     * starts there.
     *
     * @return where decoding goes on, or-ed with {@link #STOPPED} (and {@link #RESYNCING}) when
     *         the caller must wait for more input; at the end of input it is always past {@code pos}
     */
    private static long step(byte[] buf, int pos, int end, RecordVisitor v, boolean endOfInput) {
        int remaining = end - pos;
        if (remaining < HEADER_SIZE) {
            if (!endOfInput) {
                return pos | STOPPED;
            }
            v.malformed(buf, pos, remaining, "only " + remaining + " bytes left at the end, too few for an 8-byte header");
            return end;
        }
        int w0 = Le.i32(buf, pos);
        int info = Le.i32(buf, pos + 4);
        int type = w0 & 0x00FF_FFFF;
        int len;
        boolean ours = type >= WATCHTRAY_TYPE_BASE && type <= WATCHTRAY_TYPE_LIMIT;
        if (!ours) {
            len = info & INFO_LENGTH_MASK;
        } else if ((info & INFO_LENGTH_MASK) == 0) {
            len = info >>> WATCHTRAY_INFO_LENGTH_SHIFT;
        } else {
            len = -1;
        }
        if (len >= HEADER_SIZE && len <= remaining) {
            dispatch(buf, pos, len, type, w0 >>> 24, (info & INFO_ID_MASK) >>> INFO_ID_SHIFT, ours, v);
            return pos + len;
        }
        if (len > remaining && !endOfInput) {
            return pos | STOPPED; // may be completed by the next chunk
        }
        return resync(buf, pos, pos + 1, end, v, endOfInput, framingProblem(len, info, remaining));
    }

    /**
     * The hot loop: decodes a run of 16-byte key notifications and 16-byte removals — nearly
     * everything a key queue delivers — and returns at the first record that needs the general
     * path (any other shape, or fewer than 16 bytes left). Because every record in the run is
     * 16 bytes, it is a counted loop, which lets the JIT hoist the array bounds checks and the
     * safepoint poll out of it; it decides exactly as {@link #dispatch} would for these shapes.
     */
    private static int commonRun(byte[] buf, int pos, int end, RecordVisitor v) {
        int limit = pos + ((end - pos) & ~15); // end of the last whole 16-byte slot
        for (int at = pos; at < limit; at += 16) {
            // Separate 32-bit loads: with the bounds checks hoisted out of this counted loop
            // they are cheaper than splitting 64-bit words, and the masks fit in instructions.
            int w0 = Le.i32(buf, at);
            int info = Le.i32(buf, at + 4);
            if ((w0 & 0xF8FF_FFFF) == TYPE_KEY_NOTIFY && (info & INFO_LENGTH_MASK) == 16) { // type 1, subtype 0-7
                v.key(buf, at, w0 >>> 24, (info >>> INFO_ID_SHIFT) & 0xFF, Le.i32(buf, at + 8), Le.i32(buf, at + 12));
            } else if (w0 == 0 && (info & INFO_LENGTH_MASK) == 16) {                       // META REMOVAL with ID
                v.removal(buf, at, 16, (info >>> INFO_ID_SHIFT) & 0xFF, Le.i64(buf, at + 8));
            } else {
                return at;
            }
        }
        return limit;
    }

    private static void dispatch(byte[] buf, int pos, int len, int type, int subtype, int watchId, boolean ours, RecordVisitor v) {
        if (type == TYPE_KEY_NOTIFY) {
            if (subtype > KEY_SETATTR) {
                v.unknown(buf, pos, len, type, subtype, watchId);
            } else if (len == 16) {
                v.key(buf, pos, subtype, watchId, Le.i32(buf, pos + 8), Le.i32(buf, pos + 12));
            } else {
                v.malformed(buf, pos, len, "key record is " + len + " bytes, expected 16");
            }
        } else if (type == TYPE_META) {
            if (subtype == META_REMOVAL) {
                if (len == 8) {
                    v.removal(buf, pos, 8, watchId, 0);
                } else if (len == 16) {
                    v.removal(buf, pos, 16, watchId, Le.i64(buf, pos + 8));
                } else {
                    v.malformed(buf, pos, len, "removal record is " + len + " bytes, expected 8 or 16");
                }
            } else if (subtype == META_LOSS) {
                if (len == 8) {
                    v.loss(buf, pos, watchId);
                } else {
                    v.malformed(buf, pos, len, "loss record is " + len + " bytes, expected 8");
                }
            } else {
                v.unknown(buf, pos, len, type, subtype, watchId);
            }
        } else if (ours && AgentRecordCodec.minimumLength(type, subtype) >= 0) {
            v.watchtray(buf, pos, len, type, subtype, watchId);
        } else {
            v.unknown(buf, pos, len, type, subtype, watchId);
        }
    }

    private static String framingProblem(int len, int info, int remaining) {
        if (len < 0) {
            return String.format("watchtray record has a non-zero 7-bit length (info 0x%08x)", info);
        }
        if (len < HEADER_SIZE) {
            return "record length " + len + " is shorter than the 8-byte header";
        }
        return "record length " + len + " runs past the end (" + remaining + " bytes left)";
    }

    /**
     * Looks for the next strictly plausible record from {@code scanFrom}; reports
     * {@code [regionStart, found)} as malformed.
     */
    private static long resync(byte[] buf, int regionStart, int scanFrom, int end, RecordVisitor v,
                               boolean endOfInput, String problem) {
        for (int p = scanFrom; ; p++) {
            if (end - p < HEADER_SIZE) {
                if (endOfInput) {
                    report(buf, regionStart, end, v, problem);
                    return end;
                }
                report(buf, regionStart, p, v, problem);
                return p | RESYNCING | STOPPED;
            }
            int len = plausibleLength(buf, p);
            if (len > 0) {
                if (len <= end - p) {
                    report(buf, regionStart, p, v, problem);
                    return p;
                }
                if (!endOfInput) {
                    report(buf, regionStart, p, v, problem);
                    return p | RESYNCING | STOPPED;
                }
            }
        }
    }

    private static void report(byte[] buf, int from, int to, RecordVisitor v, String problem) {
        if (to > from) {
            v.malformed(buf, from, to - from, problem);
        }
    }

    /** The length of a strictly plausible record header at {@code p}, or -1. */
    static int plausibleLength(byte[] buf, int p) {
        int w0 = Le.i32(buf, p);
        int info = Le.i32(buf, p + 4);
        int type = w0 & 0x00FF_FFFF;
        int subtype = w0 >>> 24;
        int shape = info & ~INFO_ID_MASK; // length + type-specific bits, without the watch ID
        if (type == TYPE_KEY_NOTIFY) {
            return subtype <= KEY_SETATTR && shape == 16 ? 16 : -1;
        }
        if (type == TYPE_META) {
            if (subtype == META_REMOVAL && (shape == 8 || shape == 16)) {
                return shape;
            }
            return subtype == META_LOSS && shape == 8 ? 8 : -1;
        }
        if (type >= WATCHTRAY_TYPE_BASE && type <= WATCHTRAY_TYPE_LIMIT && (info & 0xFF) == 0) {
            int min = AgentRecordCodec.minimumLength(type, subtype);
            int len = info >>> WATCHTRAY_INFO_LENGTH_SHIFT;
            return min > 0 && len >= min ? len : -1;
        }
        return -1;
    }
}
