package org.watchtray.core.kerberos;

import static org.watchtray.core.os.Libc.IN_DELETE_SELF;
import static org.watchtray.core.os.Libc.IN_IGNORED;
import static org.watchtray.core.os.Libc.IN_MOVE_SELF;
import static org.watchtray.core.os.Libc.IN_Q_OVERFLOW;
import static org.watchtray.core.os.Libc.IN_UNMOUNT;

import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * them, re-planned after every read so a replaced inode, a new directory or a new cache is
 * picked up. A missing cache in a shared directory such as /tmp is looked for on the fallback
 * interval instead of being watched for (see {@link CacheFilePlan}). Where inotify cannot be
 * had, a re-read on the fallback interval; both are stated in the status.
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
    /** Missing caches in shared directories, looked for by {@link #missingTimer}. */
    private List<CacheFilePlan.Target> byTimer = List.of();
    /** The paths whose appearance {@link #missingTimer} looks for, one per name of {@link #byTimer}. */
    private List<Path> lookFor = List.of();
    private final SourceContext context;
    private final Duration fallbackInterval;
    private final Runnable reread;
    private RereadTimer missingTimer;

    private FileCacheWatch(Inotify inotify, RereadTimer fallback, String unavailable, SourceContext context, Duration fallbackInterval,
                           Runnable reread) {
        this.inotify = inotify;
        this.fallback = fallback;
        this.unavailable = unavailable;
        this.context = context;
        this.fallbackInterval = fallbackInterval;
        this.reread = reread;
    }

    /** inotify, or where it cannot be had a re-read every {@code fallbackInterval}. */
    static FileCacheWatch start(SourceContext context, Libc libc, Duration fallbackInterval, Runnable reread) {
        Inotify inotify;
        try {
            inotify = new Inotify(libc);
        } catch (OsException e) {
            return new FileCacheWatch(null, RereadTimer.start(context, fallbackInterval, reread),
                    "FILE/DIR caches re-read every " + Durations.humanize(fallbackInterval) + ": inotify is unavailable (" + e.getMessage() + ")",
                    context, fallbackInterval, reread);
        }
        FileCacheWatch w = new FileCacheWatch(inotify, null, null, context, fallbackInterval, reread);
        w.registration = context.watch(inotify.fd(), SourceContext.READABLE, events -> {
            if (w.drainRelevant()) {
                reread.run();
            }
        });
        return w;
    }

    @Override
    public boolean follow(List<CacheLocation> locations, Collection<Ticket> tickets) {
        return inotify != null && retarget(CacheFilePlan.plan(locations, Files::isDirectory, Files::isRegularFile, CacheFilePlan::shared));
    }

    /** Starts or stops looking for missing caches on the timer, as the plan needs. */
    private void lookByTimer(List<CacheFilePlan.Target> missing) {
        byTimer = missing;
        List<Path> paths = new ArrayList<>();
        for (CacheFilePlan.Target t : missing) {
            for (String name : t.names()) {
                paths.add(t.path().resolve(name));
            }
        }
        lookFor = List.copyOf(paths);
        if (!missing.isEmpty() && missingTimer == null) {
            missingTimer = RereadTimer.start(context, fallbackInterval, this::lookForMissing);
        } else if (missing.isEmpty() && missingTimer != null) {
            missingTimer.close();
            missingTimer = null;
        }
    }

    /**
     * One tick of the missing-cache timer: an lstat per looked-for name and nothing else; only
     * a name that now exists calls for the full read (libkrb5), which re-plans the watches (the
     * new cache's inode is then watched and the timer stops). This is what the directory's watch
     * would have done (it reacts only to these names), a minute late at most. The idle tray
     * runs this every minute for as long as there is no ticket: a full read each time cost a
     * young collection every few minutes and a burst of compiles after each tick.
     */
    private void lookForMissing() {
        for (Path p : lookFor) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                reread.run();
                return;
            }
        }
    }

    /** Adds, updates and removes watches to match the plan; true when something is newly watched. */
    private boolean retarget(Map<Path, CacheFilePlan.Target> plan) {
        Map<Integer, CacheFilePlan.Target> wanted = new HashMap<>();
        problems.clear();
        lookByTimer(plan.values().stream().filter(t -> t.mask() == CacheFilePlan.BY_TIMER).toList());
        for (CacheFilePlan.Target t : plan.values()) {
            if (t.mask() == CacheFilePlan.BY_TIMER) {
                continue;
            }
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
        // "/tmp/krb5cc_1000, /run/user/1000 (krb5cc)"
        String watched = describe(byWd.values());
        if (!watched.isEmpty() || byTimer.isEmpty()) {
            mechanisms.add("inotify on " + (watched.isEmpty() ? "nothing yet" : watched));
        }
        if (!byTimer.isEmpty()) {
            // Not a problem: a deliberate trade, said where the mechanism is.
            mechanisms.add("a cache not there yet looked for every " + Durations.humanize(fallbackInterval) + " in "
                    + describe(byTimer) + " (watching a shared directory would wake watchtray for every file anyone makes there)");
        }
        problems.forEach((path, problem) -> reasons.add("cannot watch " + path + ": " + problem));
    }

    private static String describe(Collection<CacheFilePlan.Target> targets) {
        return targets.stream()
                .map(t -> t.path() + (t.names().isEmpty() ? "" : " (" + String.join(", ", t.names()) + ")"))
                .sorted()
                .collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        if (missingTimer != null) {
            missingTimer.close();
        }
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
