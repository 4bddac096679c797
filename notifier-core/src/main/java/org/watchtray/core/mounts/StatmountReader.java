package org.watchtray.core.mounts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.watchtray.core.os.OsException;

/**
 * Reads the mount table with {@code listmount(2)}/{@code statmount(2)}, doing after a change
 * signal only the work that change needs.
 *
 * <p><b>Answering a signal</b> ({@link #refresh}):
 * <ol>
 *   <li>{@code listmount} the IDs (about 0.1 µs a mount). New IDs are read in full (mounted),
 *       missing ones are gone (unmounted); IDs are 64-bit and never reused, so no guessing.
 *       Mounts fanotify named (attach, detach, move) are read in full too.</li>
 *   <li>If that found a difference, that is all: one mount costs one listmount and one
 *       statmount. (A fanotify event for a mount that turns out unchanged, one already seen,
 *       explains nothing.) But a remount of another mount that landed in the same wakeup would be
 *       hidden behind it, so the reading asks for a {@link #verify} soon after.</li>
 *   <li>Otherwise the signal was a remount, an option change or a move: every <em>watched</em>
 *       mount gets a cheap look ({@code STATMOUNT_SB_BASIC | STATMOUNT_MNT_BASIC}: flags,
 *       attributes, parent, propagation, no path generated; about 1 µs a mount) and those
 *       whose numbers changed are read in full. If even that finds nothing, the change is one
 *       the numbers do not show (a filesystem option such as {@code size=}, or a move under
 *       the same parent without fanotify): every watched mount is read in full.</li>
 * </ol>
 *
 * <p><b>Verifying</b> ({@link #verify}): the ID list and the cheap look at every watched mount,
 * once for a run of explained signals. A remount that coalesced with a mount or unmount is
 * reported then, a moment late, instead of never.
 *
 * <p>Mounts below a mount that moved are read in full: they moved with it, though neither their
 * numbers nor fanotify say so. Mounts the user's noise rules hide get no cheap look, so their
 * number does not add to the cost of a change.
 */
final class StatmountReader implements MountTableReader {
    private final Statmount statmount;
    /** The cheap numbers of every mount read in full, to compare a cheap look against. */
    private final Map<Long, StatmountBuffer.Basic> basics = new HashMap<>();
    private final StatmountBuffer.Basic[] basicOut = new StatmountBuffer.Basic[1];
    private volatile Predicate<MountEntry> watched;

    StatmountReader(Statmount statmount, Predicate<MountEntry> watched) {
        this.statmount = statmount;
        this.watched = watched;
    }

    void watch(Predicate<MountEntry> watched) {
        this.watched = watched;
    }

    @Override
    public Reading readAll(MountTable previous) throws OsException {
        long[] ids = statmount.listAll();
        List<MountEntry> entries = new ArrayList<>(ids.length);
        basics.clear();
        for (long id : ids) {
            readFull(id, entries);
        }
        return new Reading(MountTable.of(entries), List.of());
    }

    @Override
    public Reading refresh(MountTable previous, Hints hints) throws OsException {
        return update(previous, hints.touched(), true);
    }

    @Override
    public Reading verify(MountTable previous) throws OsException {
        return update(previous, Set.of(), false);
    }

    private Reading update(MountTable previous, Set<Long> touched, boolean signal) throws OsException {
        long[] ids = statmount.listAll();
        List<MountEntry> entries = new ArrayList<>(ids.length);
        Set<Long> changed = new HashSet<>();
        Set<Long> fresh = new HashSet<>();
        int known = 0;
        for (long id : ids) {
            MountEntry old = previous.get(id);
            if (old != null) {
                known++;
            }
            if (old == null || touched.contains(id)) {
                fresh.add(id);
                MountEntry now = readFull(id);
                if (now != null && now.equals(old)) {
                    entries.add(old);  // fanotify named it for a change already seen
                } else {
                    changed.add(id);
                    if (now != null) {
                        entries.add(now);
                    }
                }
            } else {
                entries.add(old);
            }
        }
        if (known < previous.size()) {
            forgetGone(previous, ids, changed);
        }
        // Explained only by a difference actually found: a stale fanotify event proves nothing.
        if (signal && !changed.isEmpty()) {
            return reading(previous, withMovedSubtrees(previous, entries, changed), true, changed);
        }
        Predicate<MountEntry> isWatched = watched;
        List<MountEntry> looked = new ArrayList<>(entries.size());
        for (MountEntry e : entries) {
            long id = e.uniqueId();
            if (fresh.contains(id) || !isWatched.test(e)) {
                looked.add(e);
                continue;
            }
            switch (statmount.compareBasic(id, basics.get(id))) {
                case UNCHANGED -> looked.add(e);
                case CHANGED -> {
                    changed.add(id);
                    readFull(id, looked);
                }
                case GONE -> {
                    changed.add(id);
                    basics.remove(id);
                }
            }
        }
        if (signal && changed.isEmpty()) {
            // Nothing the numbers show: an option or a same-parent move. Look at everything.
            return new Reading(MountTable.of(withMovedSubtrees(previous, thoroughly(looked, isWatched), changed)), List.of());
        }
        return reading(previous, withMovedSubtrees(previous, looked, changed), false, changed);
    }

    /** The previous table itself when nothing changed, so nothing needs comparing. */
    private static Reading reading(MountTable previous, List<MountEntry> entries, boolean verifyLater, Set<Long> changed) {
        MountTable table = changed.isEmpty() ? previous : MountTable.of(entries);
        return new Reading(table, List.of(), verifyLater, changed);
    }

    /** Drops the cheap numbers of mounts no longer listed and notes them as changed ({@code ids} ascend, as listmount returns them). */
    private void forgetGone(MountTable previous, long[] ids, Set<Long> changed) {
        for (MountEntry e : previous.entries()) {
            if (Arrays.binarySearch(ids, e.uniqueId()) < 0) {
                basics.remove(e.uniqueId());
                changed.add(e.uniqueId());
            }
        }
    }

    /** Reads every watched mount in full again; the others are kept as they were. */
    private List<MountEntry> thoroughly(List<MountEntry> entries, Predicate<MountEntry> isWatched) throws OsException {
        List<MountEntry> out = new ArrayList<>(entries.size());
        for (MountEntry e : entries) {
            if (isWatched.test(e)) {
                readFull(e.uniqueId(), out);
            } else {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * A moved mount carries its submounts along, but their own numbers (parent, flags) do not
     * change and fanotify names only the mount that moved: re-read every mount that was below
     * a moved one.
     */
    private List<MountEntry> withMovedSubtrees(MountTable previous, List<MountEntry> entries, Set<Long> changed) throws OsException {
        List<String> movedFrom = new ArrayList<>();
        for (MountEntry e : entries) {
            MountEntry old = previous.get(e.uniqueId());
            if (old != null && !old.mountPoint().equals(e.mountPoint())) {
                movedFrom.add(old.mountPoint().endsWith("/") ? old.mountPoint() : old.mountPoint() + "/");
            }
        }
        if (movedFrom.isEmpty()) {
            return entries;
        }
        List<MountEntry> out = new ArrayList<>(entries.size());
        for (MountEntry e : entries) {
            MountEntry old = previous.get(e.uniqueId());
            if (old != null && old == e && below(old.mountPoint(), movedFrom)) {
                changed.add(e.uniqueId());
                readFull(e.uniqueId(), out);
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean below(String path, List<String> directories) {
        for (String d : directories) {
            if (path.startsWith(d)) {
                return true;
            }
        }
        return false;
    }

    private void readFull(long id, List<MountEntry> into) throws OsException {
        MountEntry e = readFull(id);
        if (e != null) {
            into.add(e);
        }
    }

    /** One mount in full, remembering its cheap numbers; null when it is gone. */
    private MountEntry readFull(long id) throws OsException {
        MountEntry e = statmount.full(id, basicOut);
        if (e == null) {
            basics.remove(id);
        } else {
            basics.put(id, basicOut[0]);
        }
        return e;
    }

    @Override
    public void close() {
        // Nothing of its own to release: the buffers are Java arrays.
    }
}
