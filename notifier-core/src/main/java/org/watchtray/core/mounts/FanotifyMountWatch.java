package org.watchtray.core.mounts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.watchtray.core.os.OsException;

/**
 * fanotify mount events on our mount namespace (Linux 6.15+, CAP_SYS_ADMIN in the namespace's
 * owner): every attach, detach and move, each naming the mount by its 64-bit ID. Remounts are
 * not reported this way; the caller still watches mountinfo for those.
 */
final class FanotifyMountWatch implements AutoCloseable {
    /** A read that leaves at least this much of the buffer unused took everything queued at the time. */
    private static final int ROOM = 256;

    private final MountNotifications group;
    private final byte[] bytes = new byte[16 * 1024];
    /** Reused at every read: a change's records are a few dozen bytes, and these lists outlived none of them. */
    private final List<FanotifyMountRecords.Record> records = new ArrayList<>();
    private final List<FanotifyMountRecords.Problem> problems = new ArrayList<>();

    private FanotifyMountWatch(MountNotifications group) {
        this.group = group;
    }

    /** What one drain found: the mounts named, whether the queue overflowed (events were lost), records that did not decode. */
    record Drained(Set<Long> touched, boolean overflowed, List<FanotifyMountRecords.Problem> problems) {
        /** Nothing was queued: every mount change makes the fd readable after its mountinfo signal drained it, so this is common. */
        static final Drained NOTHING = new Drained(Set.of(), false, List.of());
    }

    /** Opens the group and marks our mount namespace; throws with the kernel's reason when it cannot. */
    static FanotifyMountWatch open(MountNotifications.Opener opener) throws OsException {
        return new FanotifyMountWatch(opener.open());
    }

    /** Readable when events are queued: the caller registers it with its poller. */
    int fd() {
        return group.fd();
    }

    /**
     * What is queued now (possibly nothing). A short read took everything there was; events
     * queued after it make the fd readable again, so one read is usually all a change costs.
     */
    Drained drain() throws OsException {
        int n = group.readOrAgain(bytes);
        if (n <= 0) {
            return Drained.NOTHING;
        }
        Set<Long> touched = Set.of();
        problems.clear();
        boolean overflowed = false;
        while (true) {
            records.clear();
            FanotifyMountRecords.decode(bytes, n, records, problems);
            for (int i = 0; i < records.size(); i++) {
                FanotifyMountRecords.Record rec = records.get(i);
                if (rec.overflow()) {
                    overflowed = true;
                } else {
                    touched = with(touched, rec.mountId());
                }
            }
            if (n <= bytes.length - ROOM) {
                break;
            }
            n = group.readOrAgain(bytes);
            if (n <= 0) {
                break;
            }
        }
        return new Drained(touched, overflowed, List.copyOf(problems));
    }

    /**
     * {@code set} with {@code id}: a change names one mount (a move: the same one twice), so the set
     * is an immutable one of one or two until it must grow, rather than a HashSet at every change.
     */
    private static Set<Long> with(Set<Long> set, long mountId) {
        Long id = mountId;
        if (set.contains(id)) {
            return set;
        }
        return switch (set.size()) {
            case 0 -> Set.of(id);
            case 1 -> Set.of(set.iterator().next(), id);
            default -> {
                Set<Long> grown = set instanceof HashSet<Long> h ? h : new HashSet<>(set);
                grown.add(id);
                yield grown;
            }
        };
    }

    @Override
    public void close() {
        group.close();
    }
}
