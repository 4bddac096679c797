package org.watchtray.nativeaccess.kerberos;

import static org.watchtray.nativeaccess.libc.Libc.IN_ATTRIB;
import static org.watchtray.nativeaccess.libc.Libc.IN_CLOSE_WRITE;
import static org.watchtray.nativeaccess.libc.Libc.IN_CREATE;
import static org.watchtray.nativeaccess.libc.Libc.IN_DELETE;
import static org.watchtray.nativeaccess.libc.Libc.IN_DELETE_SELF;
import static org.watchtray.nativeaccess.libc.Libc.IN_IGNORED;
import static org.watchtray.nativeaccess.libc.Libc.IN_MOVED_FROM;
import static org.watchtray.nativeaccess.libc.Libc.IN_MOVED_TO;
import static org.watchtray.nativeaccess.libc.Libc.IN_MOVE_SELF;
import static org.watchtray.nativeaccess.libc.Libc.IN_ONLYDIR;
import static org.watchtray.nativeaccess.libc.Libc.IN_Q_OVERFLOW;
import static org.watchtray.nativeaccess.libc.Libc.IN_UNMOUNT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.watchtray.nativeaccess.NativeException;
import org.watchtray.nativeaccess.inotify.Inotify;
import org.watchtray.nativeaccess.inotify.InotifyEvent;
import org.watchtray.nativeaccess.libc.Libc;

/**
 * inotify watches that tell when a FILE or DIR cache may have changed. An existing cache file is
 * watched on its own inode: an in-place rewrite (older libkrb5, service tickets appended) closes
 * it written, a replacement by rename (kinit, kinit -R and krb5_cc_move write a temp file and
 * rename it over) drops its link count (IN_ATTRIB), a removal drops it too and then deletes it.
 * Only a cache that does not exist yet is waited for through its directory (entries created or
 * renamed in, filtered by name), or at its nearest existing ancestor. The cache's directory is
 * not watched while the cache exists: the default FILE:/tmp/krb5cc_UID would otherwise wake the
 * source for every file any program creates or removes in /tmp. For the same reason a missing
 * cache whose directory is shared (world-writable and sticky: /tmp, /var/tmp, /dev/shm) is not
 * watched for at all but looked for by the source's re-read timer ({@link #looksByTimer()}): on a
 * desktop /tmp sees files come and go all day, a new ticket is rare, and a minute's delay before
 * it shows costs nothing (its warnings come long after). A DIR collection's directory is watched
 * for every entry. The watches are re-planned after every re-read, so a replaced inode, a new
 * directory or a new cache is picked up.
 */
final class CacheFileWatches implements AutoCloseable {
    static final int ENTRY_CHANGES = IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
    static final int REWRITES = IN_CLOSE_WRITE;
    /** Everything that happens to an existing cache file's inode when the cache changes or goes. */
    static final int FILE_CHANGES = IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF;
    /** The mask of a target not watched but looked for on the re-read timer (a missing cache in a shared directory). */
    static final int BY_TIMER = 0;
    /** Events about the watch itself: its object went away, so the plan must be redone. */
    private static final int WATCH_GONE = IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT;

    /** One path to watch; {@code names} filters a directory's entries, empty = every entry. */
    record Target(Path path, int mask, Set<String> names) {
        boolean concerns(String name) {
            return names.isEmpty() || name.isEmpty() || names.contains(name);
        }

        Target merge(Target other) {
            Set<String> union = names.isEmpty() || other.names.isEmpty() ? Set.of() : union(names, other.names);
            return new Target(path, mask | other.mask, union);
        }

        private static Set<String> union(Set<String> a, Set<String> b) {
            Set<String> u = new LinkedHashSet<>(a);
            u.addAll(b);
            return Set.copyOf(u);
        }
    }

    private final Inotify inotify;
    private final Map<Integer, Target> byWd = new HashMap<>();
    private final Map<Path, String> problems = new LinkedHashMap<>();
    private List<Target> byTimer = List.of();

    CacheFileWatches(Libc libc) throws NativeException {
        this.inotify = new Inotify(libc);
    }

    int fd() {
        return inotify.fd();
    }

    /**
     * The watches the locations need now, and ({@link #BY_TIMER}) the missing caches to look for
     * on the timer. Pure apart from the three file-system predicates.
     */
    static Map<Path, Target> plan(List<CacheLocation> locations, Predicate<Path> isDirectory, Predicate<Path> isFile,
                                  Predicate<Path> isShared) {
        Map<Path, Target> plan = new LinkedHashMap<>();
        for (CacheLocation location : locations) {
            for (Target t : targets(location, isDirectory, isFile)) {
                plan.merge(t.path(), t, Target::merge);
            }
        }
        // Only waiting for names to appear (not a DIR collection's directory, watched whole).
        plan.replaceAll((path, t) -> t.mask() == ENTRY_CHANGES && !t.names().isEmpty() && isShared.test(path)
                ? new Target(path, BY_TIMER, t.names()) : t);
        return plan;
    }

    /** Whether anyone may create files in {@code dir} (mode o+w and sticky, as /tmp is). */
    static boolean shared(Path dir) {
        try {
            int mode = (Integer) Files.getAttribute(dir, "unix:mode");
            return (mode & 01002) == 01002;
        } catch (java.io.IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static List<Target> targets(CacheLocation location, Predicate<Path> isDirectory, Predicate<Path> isFile) {
        return switch (location) {
            case CacheLocation.FileCache(Path file) -> fileTargets(file.toAbsolutePath().normalize(), isDirectory, isFile);
            case CacheLocation.DirSubsidiary(Path file) -> fileTargets(file.toAbsolutePath().normalize(), isDirectory, isFile);
            case CacheLocation.DirCollection(Path dir) -> {
                Path d = dir.toAbsolutePath().normalize();
                yield isDirectory.test(d) ? List.of(new Target(d, ENTRY_CHANGES | REWRITES, Set.of())) : List.of(awaitCreation(d, isDirectory));
            }
            case CacheLocation.Keyring k -> List.of();
            case CacheLocation.Kcm k -> List.of();
            case CacheLocation.Other o -> List.of();
        };
    }

    private static List<Target> fileTargets(Path file, Predicate<Path> isDirectory, Predicate<Path> isFile) {
        Path parent = file.getParent();
        if (parent == null || !isDirectory.test(parent)) {
            return List.of(awaitCreation(file, isDirectory));
        }
        return isFile.test(file) ? List.of(new Target(file, FILE_CHANGES, Set.of()))
                : List.of(new Target(parent, ENTRY_CHANGES, Set.of(file.getFileName().toString())));
    }

    /** The nearest existing ancestor, watched for the next component on the way to {@code path}. */
    private static Target awaitCreation(Path path, Predicate<Path> isDirectory) {
        Path child = path;
        Path dir = path.getParent();
        while (dir != null && !isDirectory.test(dir)) {
            child = dir;
            dir = dir.getParent();
        }
        if (dir == null) {
            dir = path.getRoot();
        }
        return new Target(dir, ENTRY_CHANGES, Set.of(child.getFileName().toString()));
    }

    /**
     * Adds, updates and removes watches to match the locations; a watch that cannot be added is
     * kept as a problem. True when something is newly watched (a directory that just appeared, a
     * replaced cache file): it may have changed before its watch existed, so the caller re-reads.
     */
    boolean retarget(List<CacheLocation> locations) {
        Map<Path, Target> plan = plan(locations, Files::isDirectory, Files::isRegularFile, CacheFileWatches::shared);
        Map<Integer, Target> wanted = new HashMap<>();
        problems.clear();
        byTimer = plan.values().stream().filter(t -> t.mask() == BY_TIMER).toList();
        for (Target t : plan.values()) {
            if (t.mask() == BY_TIMER) {
                continue;
            }
            try {
                int wd = inotify.addWatch(t.path(), t.mask());
                wanted.merge(wd, t, Target::merge); // two paths to one inode share a wd
            } catch (NativeException e) {
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
    boolean drainRelevant() throws NativeException {
        boolean relevant = false;
        for (InotifyEvent e : inotify.drain()) {
            if (e.has(IN_Q_OVERFLOW) || e.has(WATCH_GONE)) {
                relevant = true;
                continue;
            }
            Target t = byWd.get(e.wd());
            relevant |= t != null && t.concerns(e.name());
        }
        return relevant;
    }

    /** "/tmp/krb5cc_1000, /run/user/1000 (krb5cc)" for the status line. */
    String describe() {
        return byWd.values().stream()
                .map(t -> t.path() + (t.names().isEmpty() ? "" : " (" + String.join(", ", t.names()) + ")"))
                .sorted()
                .collect(Collectors.joining(", "));
    }

    /** Whether a missing cache is to be looked for on the re-read timer (see the class comment). */
    boolean looksByTimer() {
        return !byTimer.isEmpty();
    }

    /** "/tmp (krb5cc_1000)": the shared directories where a missing cache is looked for on the timer. */
    String describeByTimer() {
        return byTimer.stream().map(t -> t.path() + " (" + String.join(", ", t.names()) + ")").sorted().collect(Collectors.joining(", "));
    }

    List<String> problems() {
        return problems.entrySet().stream().map(e -> "cannot watch " + e.getKey() + ": " + e.getValue()).toList();
    }

    @Override
    public void close() {
        inotify.close();
    }
}
