package org.watchtray.core.kerberos;

import static org.watchtray.core.os.Libc.IN_CLOSE_WRITE;
import static org.watchtray.core.os.Libc.IN_CREATE;
import static org.watchtray.core.os.Libc.IN_DELETE;
import static org.watchtray.core.os.Libc.IN_DELETE_SELF;
import static org.watchtray.core.os.Libc.IN_MOVED_FROM;
import static org.watchtray.core.os.Libc.IN_MOVED_TO;
import static org.watchtray.core.os.Libc.IN_MOVE_SELF;
import static org.watchtray.core.os.Libc.IN_ONLYDIR;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which inotify watches FILE and DIR caches need. Caches are replaced by rename (kinit,
 * kinit -R and krb5_cc_move write a temp file and rename it over), so the directory is watched
 * for entries created, renamed in or out and removed, filtered by name; the cache file itself
 * for in-place rewrites (older libkrb5, service tickets appended). A path that does not exist
 * yet is waited for at its nearest existing ancestor. Pure apart from the two file-system
 * predicates it is given.
 */
final class CacheFilePlan {
    static final int ENTRY_CHANGES = IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
    static final int REWRITES = IN_CLOSE_WRITE;

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

    /** The watches the locations need now, by path. */
    static Map<Path, Target> plan(List<CacheLocation> locations, Predicate<Path> isDirectory, Predicate<Path> isFile) {
        Map<Path, Target> plan = new LinkedHashMap<>();
        for (CacheLocation location : locations) {
            for (Target t : targets(location, isDirectory, isFile)) {
                plan.merge(t.path(), t, Target::merge);
            }
        }
        return plan;
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
        Target entry = new Target(parent, ENTRY_CHANGES, Set.of(file.getFileName().toString()));
        return isFile.test(file) ? List.of(entry, new Target(file, REWRITES, Set.of())) : List.of(entry);
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
