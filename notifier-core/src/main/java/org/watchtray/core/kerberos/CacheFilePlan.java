package org.watchtray.core.kerberos;

import static org.watchtray.core.os.Libc.IN_ATTRIB;
import static org.watchtray.core.os.Libc.IN_CLOSE_WRITE;
import static org.watchtray.core.os.Libc.IN_CREATE;
import static org.watchtray.core.os.Libc.IN_DELETE;
import static org.watchtray.core.os.Libc.IN_DELETE_SELF;
import static org.watchtray.core.os.Libc.IN_MOVED_FROM;
import static org.watchtray.core.os.Libc.IN_MOVED_TO;
import static org.watchtray.core.os.Libc.IN_MOVE_SELF;
import static org.watchtray.core.os.Libc.IN_ONLYDIR;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which inotify watches FILE and DIR caches need. An existing cache file is watched on its own
 * inode: an in-place rewrite (older libkrb5, service tickets appended) closes it written, a
 * replacement by rename (kinit, kinit -R and krb5_cc_move write a temp file and rename it over)
 * drops its link count (IN_ATTRIB), a removal drops it too and then deletes it. Only a cache that
 * does not exist yet is waited for through its directory (entries created or renamed in,
 * filtered by name), or at its nearest existing ancestor. The cache's directory is not watched
 * while the cache exists: the default FILE:/tmp/krb5cc_UID would otherwise wake the source for
 * every file any program creates or removes in /tmp. For the same reason a missing cache whose
 * directory is shared (world-writable and sticky: /tmp, /var/tmp, /dev/shm) is not watched for
 * at all but looked for on the source's re-read timer ({@link #BY_TIMER}): on a desktop /tmp sees
 * files come and go all day, a new ticket is rare, and a minute's delay before it shows costs
 * nothing (its warnings come long after). A DIR collection's directory is watched for every
 * entry. Pure apart from the file-system predicates it is given.
 */
final class CacheFilePlan {
    static final int ENTRY_CHANGES = IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
    static final int REWRITES = IN_CLOSE_WRITE;
    /** Everything that happens to an existing cache file's inode when the cache changes or goes. */
    static final int FILE_CHANGES = IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF;
    /** The mask of a target not watched but looked for on the re-read timer (a missing cache in a shared directory). */
    static final int BY_TIMER = 0;

    private CacheFilePlan() {
    }

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

    /** The watches the locations need now, by path, and ({@link #BY_TIMER}) the missing caches to look for on the timer. */
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
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
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
}
