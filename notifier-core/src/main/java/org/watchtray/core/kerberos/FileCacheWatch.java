package org.watchtray.core.kerberos;

import static org.watchtray.core.os.Libc.IN_DELETE_SELF;
import static org.watchtray.core.os.Libc.IN_IGNORED;
import static org.watchtray.core.os.Libc.IN_MOVE_SELF;
import static org.watchtray.core.os.Libc.IN_Q_OVERFLOW;
import static org.watchtray.core.os.Libc.IN_UNMOUNT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.watchtray.core.event.Durations;
import org.watchtray.core.os.Inotify;
import org.watchtray.core.os.InotifyEvent;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;
import org.watchtray.core.source.SourceContext;

/**
 * The change signal for FILE and DIR caches: inotify watches as {@link CacheFilePlan} plans
 * them, re-planned after every read so a replaced inode or a new directory is picked up. Where
 * inotify cannot be had, a re-read on the fallback interval, stated in the status.
 */
final class FileCacheWatch implements CacheWatch {
    /** Events about the watch itself: its object went away, so the plan must be redone. */
    private static final int WATCH_GONE = IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT;

    private final Inotify inotify;
    private SourceContext.Registration registration;
    private final RereadTimer fallback;
    private final String unavailable;
    private final Map<Integer, CacheFilePlan.Target> byWd = new HashMap<>();
    private final Map<Path, String> problems = new LinkedHashMap<>();

    private FileCacheWatch(Inotify inotify, RereadTimer fallback, String unavailable) {
        this.inotify = inotify;
        this.fallback = fallback;
        this.unavailable = unavailable;
    }

    /** inotify, or where it cannot be had a re-read every {@code fallbackInterval}. */
    static FileCacheWatch start(SourceContext context, Libc libc, Duration fallbackInterval, Runnable reread) {
        Inotify inotify;
        try {
            inotify = new Inotify(libc);
        } catch (OsException e) {
            return new FileCacheWatch(null, RereadTimer.start(context, fallbackInterval, reread),
                    "FILE/DIR caches re-read every " + Durations.humanize(fallbackInterval) + ": inotify is unavailable (" + e.getMessage() + ")");
        }
        FileCacheWatch w = new FileCacheWatch(inotify, null, null);
        w.registration = context.watch(inotify.fd(), SourceContext.READABLE, events -> {
            if (w.drainRelevant()) {
                reread.run();
            }
        });
        return w;
    }

    @Override
    public boolean follow(List<CacheLocation> locations, Collection<Ticket> tickets) {
        return inotify != null && retarget(CacheFilePlan.plan(locations, Files::isDirectory, Files::isRegularFile));
    }

    /** Adds, updates and removes watches to match the plan; true when something is newly watched. */
    private boolean retarget(Map<Path, CacheFilePlan.Target> plan) {
        Map<Integer, CacheFilePlan.Target> wanted = new HashMap<>();
        problems.clear();
        for (CacheFilePlan.Target t : plan.values()) {
            try {
                int wd = inotify.addWatch(t.path(), t.mask());
                wanted.merge(wd, t, CacheFilePlan.Target::merge); // two paths to one inode share a wd
            } catch (OsException e) {
                // ENOENT: removed between the check and the call (the ancestor's watch will tell);
                // EACCES, ENOSPC (fs.inotify.max_user_watches): reported in the source's status.
                problems.put(t.path(), e.getMessage());
            }
        }
        for (Integer wd : new ArrayList<>(byWd.keySet())) {
            if (!wanted.containsKey(wd)) {
                inotify.removeWatch(wd);
            }
        }
        boolean added = !byWd.keySet().containsAll(wanted.keySet());
        byWd.clear();
        byWd.putAll(wanted);
        return added;
    }

    /** Reads what is queued; true when an event concerns a cache or the watches themselves. */
    private boolean drainRelevant() throws OsException {
        boolean relevant = false;
        for (InotifyEvent e : inotify.drain()) {
            if (e.has(IN_Q_OVERFLOW) || e.has(WATCH_GONE)) {
                relevant = true;
                continue;
            }
            CacheFilePlan.Target t = byWd.get(e.wd());
            relevant |= t != null && t.concerns(e.name());
        }
        return relevant;
    }

    @Override
    public void describe(List<String> mechanisms, List<String> reasons) {
        if (inotify == null) {
            reasons.add(unavailable);
            return;
        }
        // "/tmp (krb5cc_1000), /run/user/1000/krb5cc"
        String watched = byWd.values().stream()
                .filter(t -> (t.mask() & CacheFilePlan.ENTRY_CHANGES) != 0)
                .map(t -> t.path() + (t.names().isEmpty() ? "" : " (" + String.join(", ", t.names()) + ")"))
                .sorted()
                .collect(Collectors.joining(", "));
        mechanisms.add("inotify on " + (watched.isEmpty() ? "nothing yet" : watched));
        problems.forEach((path, problem) -> reasons.add("cannot watch " + path + ": " + problem));
    }

    @Override
    public void close() {
        if (registration != null) {
            registration.close();
        }
        if (inotify != null) {
            inotify.close();
        }
        if (fallback != null) {
            fallback.close();
        }
    }
}
