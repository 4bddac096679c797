package org.watchtray.nativeaccess.mounts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.watchtray.core.mounts.MountEntry;
import org.watchtray.core.mounts.MountTable;
import org.watchtray.nativeaccess.NativeException;

/**
 * Reads the mount table with {@code listmount(2)}/{@code statmount(2)}, doing after a change
 * signal only the work that change needs:
 *
 * <ol>
 *   <li>{@code listmount} the IDs (about 0.1 µs a mount): new IDs are read in full (mounted),
 *       missing ones are gone (unmounted). IDs are 64-bit and never reused, so no guessing.</li>
 *   <li>Mounts fanotify named (attach, detach, move) are read in full.</li>
 *   <li>Every other <em>watched</em> mount gets a cheap look ({@code STATMOUNT_SB_BASIC |
 *       STATMOUNT_MNT_BASIC}: flags, attributes, parent, propagation; no path is generated,
 *       about 1 µs a mount); only those whose numbers changed are read in full. This catches a
 *       remount (read-only!) even when it came in the same wakeup as a mount or an unmount,
 *       which the ID list alone would hide.</li>
 *   <li>When none of that found anything, the change was one the numbers do not show (a move
 *       under the same parent without fanotify, or a filesystem option such as {@code size=}):
 *       every watched mount is read in full.</li>
 *   <li>Mounts below a mount that moved are read in full: they moved with it, though neither
 *       their numbers nor fanotify say so.</li>
 * </ol>
 *
 * Mounts the user's noise rules hide are not looked at after their first reading, so their
 * number does not add to the cost of a change.
 */
final class StatmountReader implements MountTableReader {
    private final Statmount statmount;
    private final Map<Long, Statmount.Basic> basics = new HashMap<>();
    private volatile Predicate<MountEntry> watched;
    private final Statmount.Basic[] basicOut = new Statmount.Basic[1];

    StatmountReader(Statmount statmount, Predicate<MountEntry> watched) {
        this.statmount = statmount;
        this.watched = watched;
    }

    void watch(Predicate<MountEntry> watched) {
        this.watched = watched;
    }

    @Override
    public Reading readAll(MountTable previous) throws NativeException {
        long[] ids = statmount.listAll();
        List<MountEntry> entries = new ArrayList<>(ids.length);
        basics.clear();
        for (long id : ids) {
            readFull(id, entries);
        }
        return new Reading(MountTable.of(entries), List.of());
    }

    @Override
    public Reading refresh(MountTable previous, Hints hints) throws NativeException {
        long[] ids = statmount.listAll();
        List<MountEntry> entries = new ArrayList<>(ids.length);
        Predicate<MountEntry> isWatched = watched;
        boolean changed = !hints.touched().isEmpty() || ids.length != previous.size();
        for (long id : ids) {
            MountEntry old = previous.get(id);
            if (old == null || hints.touched().contains(id)) {
                changed |= old == null;
                readFull(id, entries);
            } else if (!isWatched.test(old)) {
                entries.add(old);
            } else {
                Statmount.Basic now = statmount.basic(id);
                if (now == null) {
                    changed = true;  // gone since listmount
                } else if (now.equals(basics.get(id))) {
                    entries.add(old);
                } else {
                    changed = true;
                    readFull(id, entries);
                }
            }
        }
        if (!changed) {
            entries = thoroughly(entries, isWatched);
        } else {
            entries = withMovedSubtrees(previous, entries);
        }
        basics.keySet().retainAll(keys(entries));
        return new Reading(MountTable.of(entries), List.of());
    }

    /**
     * A moved mount carries its submounts along, but their own numbers (parent, flags) do not
     * change and fanotify names only the mount that moved: re-read every mount that was below
     * a moved one.
     */
    private List<MountEntry> withMovedSubtrees(MountTable previous, List<MountEntry> entries) throws NativeException {
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

    /** Reads every watched mount in full again; the others are kept as they were. */
    private List<MountEntry> thoroughly(List<MountEntry> entries, Predicate<MountEntry> isWatched) throws NativeException {
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

    private void readFull(long id, List<MountEntry> into) throws NativeException {
        MountEntry e = statmount.full(id, basicOut);
        if (e == null) {
            basics.remove(id);
            return;
        }
        basics.put(id, basicOut[0]);
        into.add(e);
    }

    private static java.util.Set<Long> keys(List<MountEntry> entries) {
        java.util.Set<Long> keys = new java.util.HashSet<>(entries.size() * 2);
        for (MountEntry e : entries) {
            keys.add(e.uniqueId());
        }
        return keys;
    }

    @Override
    public void close() {
        statmount.close();
    }
}
