package org.watchtray.core.mounts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.watchtray.core.os.OsException;

/**
 * Reads the mount table with {@code listmount(2)}/{@code statmount(2)}, doing after a change
 * signal only the work that change needs. A reading is the previous table
 * {@linkplain MountTable#patched patched} with what changed, never a copy of it.
 *
 * <p><b>Mounts fanotify named</b> ({@link #named}): each is read in full; nothing else is looked
 * at. One mount costs one statmount, whatever the size of the table.
 *
 * <p><b>Answering a signal</b> ({@link #refresh}):
 * <ol>
 *   <li>{@code listmount} the IDs (about 0.1 µs a mount). New IDs are read in full (mounted),
 *       missing ones are gone (unmounted); IDs are 64-bit and never reused, so no guessing.
 *       Mounts fanotify named (attach, detach, move) are read in full too.</li>
 *   <li>If that found a difference, that is all. (A fanotify event for a mount that turns out
 *       unchanged, one already seen, explains nothing.) But a remount of another mount that
 *       landed in the same wakeup would be hidden behind it, so the reading asks for a
 *       {@link #verify} soon after.</li>
 *   <li>Otherwise the signal was a remount, an option change or a move: every <em>watched</em>
 *       mount gets a cheap look ({@code STATMOUNT_SB_BASIC | STATMOUNT_MNT_BASIC}: flags,
 *       attributes, parent, propagation, no path generated; about 1 µs a mount) and those
 *       whose numbers changed are read in full. If even that finds nothing, the change is one
 *       the numbers do not show (a filesystem option such as {@code size=}, or a move under
 *       the same parent without fanotify): every watched mount is read in full.</li>
 * </ol>
 *
 * <p><b>Verifying</b> ({@link #verify}): the ID list and the cheap look at every watched mount,
 * once for a run of explained signals, spaced by the source according to {@link #lookSize}. A
 * remount that coalesced with a mount or unmount is reported then, late, instead of never.
 *
 * <p>Mounts below a mount that moved are read in full: they moved with it, though neither their
 * numbers nor fanotify say so. Mounts the user's noise rules hide get no cheap look, so their
 * number does not add to the cost of a change.
 */
final class StatmountReader implements MountTableReader {
    private final Statmount statmount;
    /** What is known of every mount read in full; one lookup per mount in a cheap look at thousands. */
    private final Map<Long, Known> known = new HashMap<>();
    private final StatmountBuffer.Basic[] basicOut = new StatmountBuffer.Basic[1];
    /** {@link #withMountId}'s index: mountinfo ID to key, as last seen (checked at each use). */
    private final Map<Integer, Long> keysByMountId = new HashMap<>();
    private Predicate<MountEntry> watched;
    /** The IDs the last listmount returned (ascending), and the table they were the IDs of. */
    private long[] listed = new long[0];
    private MountTable listedFor;
    /** How many mounts the last look at every watched mount looked at (the first reading counts). */
    private int lookSize;

    /**
     * One mount's cheap numbers, to compare a cheap look against, and whether it gets the
     * cheap look at all, decided once per entry: matching the noise globs against every mount
     * at every look would cost more than the look.
     */
    private static final class Known {
        StatmountBuffer.Basic basic;
        MountEntry decidedFor;
        boolean watched;
    }

    StatmountReader(Statmount statmount, Predicate<MountEntry> watched) {
        this.statmount = statmount;
        this.watched = watched;
    }

    @Override
    public void watch(Predicate<MountEntry> watched) {
        this.watched = watched;
        for (Known k : known.values()) {
            k.decidedFor = null;
        }
    }

    @Override
    public Reading readAll(MountTable previous) throws OsException {
        long[] ids = statmount.listAll();
        List<MountEntry> entries = new ArrayList<>(ids.length);
        known.clear();
        int watchedNow = 0;
        for (long id : ids) {
            MountEntry e = readFull(id);
            if (e != null) {
                entries.add(e);
                watchedNow += isWatched(e, known.get(id)) ? 1 : 0;
            }
        }
        lookSize = watchedNow;
        return listed(ids, new Reading(MountTable.of(entries), List.of()));
    }

    @Override
    public Reading named(MountTable previous, Set<Long> touched) throws OsException {
        Map<Long, MountEntry> changes = new HashMap<>();
        for (Long id : touched) { // boxed already: the lookups and the map below take it as it is
            readIfChanged(id, previous.get(id), changes);
        }
        withMovedSubtrees(previous, changes);
        // The ID list no longer matches; keeping it current would copy it (O(n)) at every change, while
        // the next look, rare, can compare the IDs one by one instead.
        if (!changes.isEmpty()) {
            listedFor = null;
        }
        return reading(previous, changes, false);
    }

    @Override
    public Reading refresh(MountTable previous, Hints hints) throws OsException {
        return update(previous, hints.touched(), true, true);
    }

    @Override
    public Reading verify(MountTable previous, boolean signalled) throws OsException {
        return update(previous, Set.of(), false, signalled);
    }

    /**
     * @param explainEarly       stop when the IDs explain the signal (and ask for a verification)
     * @param thoroughIfNothing  a signal came: when the numbers show nothing, read every watched mount in full
     */
    private Reading update(MountTable previous, Set<Long> touched, boolean explainEarly, boolean thoroughIfNothing) throws OsException {
        long[] ids = statmount.listAll();
        Map<Long, MountEntry> changes = new HashMap<>();
        Set<Long> fresh = new HashSet<>();
        if (previous == listedFor) {
            // The IDs last listed for this very table, and now: both ascend, so one pass over the two arrays
            // finds what came and went without a lookup per mount (nor a statmount of IDs the table leaves out).
            long[] before = listed;
            int i = 0;
            int j = 0;
            while (i < before.length || j < ids.length) {
                if (j == ids.length || i < before.length && before[i] < ids[j]) {
                    long gone = before[i++];
                    forget(gone);
                    if (previous.contains(gone)) {
                        changes.put(gone, null);
                    }
                } else if (i == before.length || ids[j] < before[i]) {
                    long came = ids[j++];
                    fresh.add(came);
                    readIfChanged(came, null, changes);
                } else {
                    i++;
                    j++;
                }
            }
            for (long id : touched) {
                if (fresh.add(id)) {
                    readIfChanged(id, previous.get(id), changes);
                }
            }
        } else {
            int present = 0;
            for (long id : ids) {
                MountEntry old = previous.get(id);
                if (old != null) {
                    present++;
                }
                if (old == null || touched.contains(id)) {
                    fresh.add(id);
                    readIfChanged(id, old, changes);  // a fanotify event for a change already seen changes nothing
                }
            }
            if (present < previous.size()) {
                forgetGone(previous, ids, changes);
            }
        }
        // Explained only by a difference actually found: a stale fanotify event proves nothing.
        if (explainEarly && !changes.isEmpty()) {
            withMovedSubtrees(previous, changes);
            return listed(ids, reading(previous, changes, true));
        }
        boolean numbersChanged = false;
        int looked = 0;
        for (MountEntry e : previous.entries()) {
            long id = e.key();
            if (!fresh.isEmpty() && fresh.contains(id) || !changes.isEmpty() && changes.containsKey(id)) {
                continue;
            }
            Known k = known.get(id);
            if (!isWatched(e, k)) {
                continue;
            }
            looked++;
            switch (statmount.compareBasic(id, k == null ? null : k.basic)) {
                case UNCHANGED -> {
                }
                case CHANGED -> {
                    numbersChanged = true;
                    readIfChanged(id, e, changes);
                }
                case GONE -> {
                    changes.put(id, null);
                    forget(id);
                }
            }
        }
        lookSize = looked;
        if (thoroughIfNothing && changes.isEmpty() && !numbersChanged) {
            // Nothing the numbers show: an option or a same-parent move. Look at everything.
            for (MountEntry e : previous.entries()) {
                if (isWatched(e, known.get(e.key()))) {
                    readIfChanged(e.key(), e, changes);
                }
            }
        }
        withMovedSubtrees(previous, changes);
        return listed(ids, reading(previous, changes, false));
    }

    /**
     * Answers a signal by reading in full only the mounts whose mountinfo lines changed
     * ({@link MountinfoRemounts}), named by mountinfo's 32-bit IDs and found in {@code previous}
     * by them. Null when that cannot be trusted, and the caller then takes {@link #refresh}: no
     * line changed (the change is no longer visible, or lies in what a line does not show), an ID
     * the snapshot does not hold, or a mount that turns out gone (its ID may have been freed and
     * reused: an unmount and a mount, which the IDs must sort out).
     */
    Reading remounted(MountTable previous, int[] mountIds) throws OsException {
        if (mountIds.length == 0) {
            return null;
        }
        Map<Long, MountEntry> changes = new HashMap<>();
        for (int i = 0; i < mountIds.length; i++) {
            MountEntry old = withMountId(previous, mountIds[i]);
            MountEntry now = old == null ? null : readFull(old.uniqueId());
            if (now == null || now.mountId() != old.mountId()) {
                // Mounts read in full here have new cheap numbers: forget them so the listmount path's look reads them again.
                for (int j = 0; j <= i; j++) {
                    MountEntry read = withMountId(previous, mountIds[j]);
                    if (read != null) {
                        forget(read.uniqueId());
                    }
                }
                return null;
            }
            if (!now.equals(old)) {
                changes.put(old.uniqueId(), now);
            }
        }
        withMovedSubtrees(previous, changes);
        return reading(previous, changes, false);
    }

    /**
     * The mount mountinfo calls {@code mountId}. The keys of the table's mounts by their mountinfo
     * IDs are kept from one remount to the next (the walk over a patched table cost more than the
     * rest of the lookup); an ID the index does not know, or whose mount is not (or no longer) in
     * {@code previous} under it, walks the table once and indexes it again.
     */
    private MountEntry withMountId(MountTable previous, int mountId) {
        Long key = keysByMountId.get(mountId);
        if (key != null) {
            MountEntry e = previous.get(key);
            if (e != null && e.mountId() == mountId) {
                return e;
            }
        }
        keysByMountId.clear();
        MountEntry found = null;
        for (MountEntry e : previous.entries()) {
            keysByMountId.put(e.mountId(), e.key());
            if (e.mountId() == mountId) {
                found = e;
            }
        }
        return found;
    }

    @Override
    public int lookSize() {
        return lookSize;
    }

    /** Remembers which IDs the table of {@code reading} has, so the next look can skip comparing them one by one. */
    private Reading listed(long[] ids, Reading reading) {
        listed = ids;
        listedFor = reading.table();
        return reading;
    }

    /** The previous table itself when nothing changed, so nothing needs comparing. */
    private static Reading reading(MountTable previous, Map<Long, MountEntry> changes, boolean verifyLater) {
        return new Reading(previous.patched(changes), List.of(), verifyLater, keys(changes));
    }

    /**
     * The keys of {@code changes} as an immutable set, which the reading keeps as it is: its copy of a
     * HashMap's key set went through a HashSet and an array, at every change, most of which change one mount.
     */
    private static Set<Long> keys(Map<Long, MountEntry> changes) {
        return switch (changes.size()) {
            case 0 -> Set.of();
            case 1 -> Set.of(changes.keySet().iterator().next());
            default -> changes.keySet();
        };
    }

    /** Notes the mounts no longer listed as gone and drops their cheap numbers ({@code ids} ascend, as listmount returns them). */
    private void forgetGone(MountTable previous, long[] ids, Map<Long, MountEntry> changes) {
        for (MountEntry e : previous.entries()) {
            if (Arrays.binarySearch(ids, e.uniqueId()) < 0) {
                forget(e.uniqueId());
                changes.put(e.uniqueId(), null);
            }
        }
    }

    /**
     * A moved mount carries its submounts along, but their own numbers (parent, flags) do not
     * change and fanotify names only the mount that moved: re-read every mount that was below
     * a moved one. Only a move pays for this walk over the table.
     */
    private void withMovedSubtrees(MountTable previous, Map<Long, MountEntry> changes) throws OsException {
        List<String> movedFrom = null; // most changes are no move: nothing allocated for them
        for (Map.Entry<Long, MountEntry> c : changes.entrySet()) {
            MountEntry old = previous.get(c.getKey());
            MountEntry now = c.getValue();
            if (old != null && now != null && !old.mountPoint().equals(now.mountPoint())) {
                if (movedFrom == null) {
                    movedFrom = new ArrayList<>();
                }
                movedFrom.add(old.mountPoint().endsWith("/") ? old.mountPoint() : old.mountPoint() + "/");
            }
        }
        if (movedFrom == null) {
            return;
        }
        for (MountEntry e : previous.entries()) {
            if (!changes.containsKey(e.key()) && below(e.mountPoint(), movedFrom)) {
                readIfChanged(e.key(), e, changes);
            }
        }
    }

    private static boolean below(String path, List<String> directories) {
        for (String d : directories) {
            if (path.startsWith(d)) {
                return true;
            }
        }
        return false;
    }

    /** Reads one mount in full and notes it in {@code changes} when it differs from {@code old} (null: gone, or new). */
    private void readIfChanged(Long id, MountEntry old, Map<Long, MountEntry> changes) throws OsException {
        MountEntry now = readFull(id);
        if (!Objects.equals(now, old)) {
            changes.put(id, now);
        }
    }

    /** Whether {@code e} gets the cheap look; a mount not read in full yet ({@code k} null) is decided each time. */
    private boolean isWatched(MountEntry e, Known k) {
        if (k == null) {
            return watched.test(e);
        }
        if (k.decidedFor != e) {
            k.watched = watched.test(e);
            k.decidedFor = e;
        }
        return k.watched;
    }

    private void forget(long id) {
        known.remove(id);
    }

    /** One mount in full, remembering its cheap numbers; null when it is gone. */
    private MountEntry readFull(Long id) throws OsException {
        MountEntry e = statmount.full(id, basicOut);
        if (e == null) {
            known.remove(id);
        } else {
            known.computeIfAbsent(id, i -> new Known()).basic = basicOut[0];
        }
        return e;
    }

    @Override
    public void close() {
        // Nothing of its own to release: the buffers are Java arrays.
    }
}
