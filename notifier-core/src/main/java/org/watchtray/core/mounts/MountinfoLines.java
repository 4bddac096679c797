package org.watchtray.core.mounts;

import java.util.Arrays;

/**
 * The lines of one reading of {@code /proc/self/mountinfo}, each with its mount ID (the first
 * field, mountinfo's 32-bit ID), and which of them differ from a previous reading. Nothing else
 * is parsed: a remount changes the per-mount or the superblock options in its line, and the
 * line's bytes compared as they are show that (escaped paths included) without allocating
 * anything for the lines that did not change.
 *
 * <p>Reused from reading to reading: {@link #scan} keeps the bytes it is given (the caller hands
 * it a buffer it will not touch until the next scan of this object).
 */
final class MountinfoLines {
    private byte[] bytes = new byte[0];
    private int count;
    private int[] ids = new int[64];
    private int[] starts = new int[64];
    /** Exclusive, the newline not included. */
    private int[] ends = new int[64];

    /**
     * Takes {@code bytes[0, n)} as a whole mountinfo: false when it is not one (an empty
     * reading, a line that does not start with a decimal ID and a space, a last line with no
     * newline), and then this object holds no lines.
     */
    boolean scan(byte[] bytes, int n) {
        count = 0;
        return scanMore(bytes, 0, n);
    }

    /**
     * Takes {@code bytes[from, n)} as the lines that follow those already scanned (the caller read
     * more of the file into the same, perhaps grown, buffer; {@code bytes[0, from)} as scanned
     * before): false, and no lines held, when they are not whole mountinfo lines.
     */
    boolean scanMore(byte[] bytes, int from, int n) {
        this.bytes = bytes;
        int at = from;
        while (at < n) {
            long id = 0;
            int p = at;
            while (p < n && bytes[p] >= '0' && bytes[p] <= '9' && p - at < 10) {
                id = id * 10 + (bytes[p] - '0');
                p++;
            }
            if (p == at || p >= n || bytes[p] != ' ' || id > Integer.MAX_VALUE) {
                count = 0;
                return false;
            }
            int end = p;
            while (end < n && bytes[end] != '\n') {
                end++;
            }
            if (end == n) {
                count = 0;
                return false;
            }
            add((int) id, at, end);
            at = end + 1;
        }
        return count > 0;
    }

    private void add(int id, int start, int end) {
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        ids[count] = id;
        starts[count] = start;
        ends[count] = end;
        count++;
    }

    int count() {
        return count;
    }

    int id(int line) {
        return ids[line];
    }

    /**
     * The mount IDs whose lines differ between {@code before} and this reading, in this
     * reading's order; null when the two do not list the same mounts in the same order (a mount
     * or unmount came between them, or one of them holds no lines), which only a look at the
     * IDs themselves can sort out.
     */
    int[] changedSince(MountinfoLines before) {
        if (count == 0 || before.count != count) {
            return null;
        }
        int changed = 0;
        for (int i = 0; i < count; i++) {
            if (ids[i] != before.ids[i]) {
                return null;
            }
            if (!sameLine(before, i)) {
                changed++;
            }
        }
        int[] out = new int[changed];
        int k = 0;
        for (int i = 0; i < count && k < changed; i++) {
            if (!sameLine(before, i)) {
                out[k++] = ids[i];
            }
        }
        return out;
    }

    private boolean sameLine(MountinfoLines before, int i) {
        return Arrays.equals(bytes, starts[i], ends[i], before.bytes, before.starts[i], before.ends[i]);
    }

    /** No lines: the next comparison against this reading says "cannot tell". */
    void clear() {
        count = 0;
    }
}
