package org.watchtray.core.mounts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.mounts.MountEvent.Change;

/**
 * What changed between two snapshots of the mount table, as the events a user understands.
 * Entries are matched by key (statmount's unique ID, else the mountinfo ID); a mountinfo ID
 * reused by a different filesystem counts as an unmount plus a mount.
 *
 * <p>Order: unmounts (deepest first), moves, remounts and option changes, then mounts
 * (shallowest first) — the order a user would have done them in. A submount that only moved
 * because its parent moved is not reported separately. Propagation (shared/slave) changes are
 * not reported: the kernel does not signal them and users do not act on them.
 */
public final class MountDiff {
    /** Built once: a change usually names one mount, and building the comparators cost more than sorting it. */
    private static final Comparator<MountEntry> SHALLOWEST_FIRST =
            Comparator.comparingInt((MountEntry e) -> depth(e.mountPoint())).thenComparing(MountEntry::mountPoint);
    private static final Comparator<MountEntry> DEEPEST_FIRST =
            Comparator.comparingInt((MountEntry e) -> depth(e.mountPoint())).reversed().thenComparing(MountEntry::mountPoint);

    private MountDiff() {
    }

    public static List<MountEvent> between(MountTable before, MountTable after, Instant time) {
        List<MountEntry> added = new ArrayList<>();
        for (MountEntry now : after.entries()) {
            if (!before.contains(now.key())) {
                added.add(now);
            }
        }
        return between(before, after, before.entries(), added, time);
    }

    /**
     * The same, looking only at {@code keys}: a reader that knows which mounts it found new,
     * gone or changed saves comparing thousands that are not. Keys outside the set must be
     * identical in both tables.
     */
    public static List<MountEvent> between(MountTable before, MountTable after, Collection<Long> keys, Instant time) {
        List<Long> sorted = new ArrayList<>(keys);
        if (sorted.size() > 1) {
            sorted.sort(null);
        }
        List<MountEntry> old = new ArrayList<>(sorted.size());
        List<MountEntry> added = new ArrayList<>();
        for (long key : sorted) {
            MountEntry e = before.get(key);
            if (e != null) {
                old.add(e);
            } else if (after.contains(key)) {
                added.add(after.get(key));
            }
        }
        return between(before, after, old, added, time);
    }

    private static List<MountEvent> between(MountTable before, MountTable after, Collection<MountEntry> candidates,
                                            List<MountEntry> added, Instant time) {
        List<MountEntry> gone = new ArrayList<>();
        List<Move> moves = new ArrayList<>();
        List<MountEvent> changed = new ArrayList<>();
        for (MountEntry old : candidates) {
            MountEntry now = after.get(old.key());
            if (now == null) {
                gone.add(old);
            } else if (now != old && !now.equals(old)) {
                if (!now.sameFilesystemAs(old)) {
                    gone.add(old);
                    added.add(now);
                    continue;
                }
                if (!now.mountPoint().equals(old.mountPoint())) {
                    moves.add(new Move(old, now));
                }
                MountEvent optionEvent = optionChange(old, now, time);
                if (optionEvent != null) {
                    changed.add(optionEvent);
                }
            }
        }
        if (gone.size() > 1) {
            gone.sort(DEEPEST_FIRST);
        }
        if (added.size() > 1) {
            added.sort(SHALLOWEST_FIRST);
        }

        List<MountEvent> events = new ArrayList<>(gone.size() + moves.size() + changed.size() + added.size());
        for (MountEntry e : gone) {
            Change c = NetworkFilesystems.isNetwork(e.fsType()) ? Change.NETWORK_MOUNT_LOST : Change.UNMOUNTED;
            events.add(event(time, c, e, null, null));
        }
        for (Move m : moves) {
            if (!impliedByParent(m, moves)) {
                events.add(event(time, Change.MOVED, m.now, m.old.mountPoint(), null));
            }
        }
        events.addAll(changed);
        for (MountEntry e : added) {
            events.add(event(time, Change.MOUNTED, e, null, null));
        }
        return events;
    }

    private static MountEvent optionChange(MountEntry old, MountEntry now, Instant time) {
        if (old.readOnly() != now.readOnly()) {
            return event(time, now.readOnly() ? Change.REMOUNTED_READ_ONLY : Change.REMOUNTED_READ_WRITE, now, null, old);
        }
        if (!old.mountOptions().equals(now.mountOptions()) || !old.superOptions().equals(now.superOptions())) {
            return event(time, Change.OPTIONS_CHANGED, now, null, old);
        }
        return null;
    }

    private static MountEvent event(Instant time, Change change, MountEntry e, String previousMountPoint, MountEntry previous) {
        return new MountEvent(time, change, e.mountId(), e.mountPoint(), previousMountPoint, e.fsType(), e.source(),
                e.displayOptions(), previous == null ? null : previous.displayOptions());
    }

    /** A submount carried along by a moved parent: its old and new paths share the parent's move. */
    private static boolean impliedByParent(Move m, List<Move> moves) {
        for (Move p : moves) {
            if (p == m) {
                continue;
            }
            String oldParent = p.old.mountPoint();
            String oldPath = m.old.mountPoint();
            if (oldPath.startsWith(oldParent) && oldPath.length() > oldParent.length()
                    && (oldParent.endsWith("/") || oldPath.charAt(oldParent.length()) == '/')
                    && m.now.mountPoint().equals(joined(p.now.mountPoint(), oldPath.substring(oldParent.length())))) {
                return true;
            }
        }
        return false;
    }

    private static String joined(String dir, String suffix) {
        return dir.endsWith("/") && suffix.startsWith("/") ? dir + suffix.substring(1) : dir + suffix;
    }

    static int depth(String path) {
        int n = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }

    private record Move(MountEntry old, MountEntry now) {
    }
}
