package org.watchtray.core.mounts;

import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;

/**
 * The cheap answer to a remount in a small table: which mounts' lines in
 * {@code /proc/self/mountinfo} changed since the last reading. A remount changes no ID, so
 * fanotify does not name it and listmount does not show it; without this the only way to find
 * the mount is a statmount of every watched mount. Reading the file once (a {@code read} of
 * about a page for each ~40 mounts, ~100 bytes a mount, and not the one that would find its end) and comparing each line's bytes with the last
 * reading's is cheaper while the table is small, and is what {@code findmnt --poll} does at
 * every change.
 *
 * <p>Up to {@link #MAX_MOUNTS}: a statmount cheap look costs about 1 µs a mount, the kernel's
 * rendering of a mountinfo line (two paths generated, options printed) about as much, so the
 * read wins by the syscalls it saves while the table is small, and the statmount look (which
 * skips the mounts the noise rules hide) is kept beyond.
 *
 * <p>It only ever says "these mounts' lines changed" or "cannot tell" (null): the first reading,
 * a reading torn by a change during it, one that does not scan, or one whose mounts differ from
 * the last reading's (a mount or unmount came between them). The caller then takes the
 * listmount path, so correctness never rests on this one.
 */
final class MountinfoRemounts {
    /** Tables up to this size are answered by reading mountinfo; larger ones by the statmount look. */
    static final int MAX_MOUNTS = 256;

    private MountinfoFile file;
    private MountinfoFile spare;
    private MountinfoLines last = new MountinfoLines();
    private MountinfoLines spareLines = new MountinfoLines();

    /** @param fd an open {@code /proc/self/mountinfo}, owned by the caller */
    MountinfoRemounts(Libc libc, int fd) {
        this.file = new MountinfoFile(libc, fd, 128 * 1024);
        this.spare = new MountinfoFile(libc, fd, 128 * 1024);
    }

    /**
     * Reads mountinfo and returns the (32-bit, mountinfo) IDs of the mounts whose lines differ
     * from the last reading's, or null when it cannot tell. Either way this reading becomes the
     * one the next call compares against, unless it was torn or did not scan.
     *
     * @param mounts how many mounts the caller's snapshot holds: a reading with another count cannot be trusted
     */
    int[] changed(int mounts) throws OsException {
        // Read until the lines number the caller's mounts, not to the end of the file: the read(2) that would
        // say so (0 bytes) is saved. Lines beyond those could only be mounts attached since the caller's snapshot
        // (mountinfo lists a namespace's mounts in the order of their unique IDs, new ones last: Linux 6.8+, which
        // fanotify mount events need anyway); fanotify names them, and this reading then ends with the same
        // mounts as the snapshot. A reading with other mounts, or more or fewer, cannot be trusted (below).
        int n = spare.readStart();
        boolean scanned = spareLines.scan(spare.bytes(), n);
        while (scanned && spareLines.count() < mounts) {
            int more = spare.readMore(n);
            if (more == n) {
                break;
            }
            scanned = spareLines.scanMore(spare.bytes(), n, more);
            n = more;
        }
        boolean torn = spare.changedSince();
        scanned &= !torn;
        int[] changed = scanned && spareLines.count() == mounts ? spareLines.changedSince(last) : null;
        MountinfoFile f = file;
        file = spare;
        spare = f;
        MountinfoLines l = last;
        last = spareLines;
        spareLines = l;
        if (!scanned) {
            last.clear();
        }
        return changed;
    }

    /** The next reading is compared against nothing (the snapshot moved on without it). */
    void forget() {
        last.clear();
    }
}
