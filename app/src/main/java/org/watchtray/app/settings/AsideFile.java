package org.watchtray.app.settings;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Keeps a damaged file (settings, history) for the user under a name of its own:
 * {@code NAME.corrupt-<UTC time>}, then {@code -1}, {@code -2} … when that name is taken, so a
 * second damage within the same second never overwrites the first copy. Companion files (a
 * database's {@code -wal} and {@code -shm}) move along under the same chosen name.
 */
public final class AsideFile {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private AsideFile() {
    }

    /**
     * Moves {@code file} (and each existing {@code file + suffix}) aside; never replaces anything.
     *
     * @return where {@code file} went
     */
    public static Path moveAside(Path file, Instant now, String... companionSuffixes) throws IOException {
        String base = file.getFileName() + ".corrupt-" + STAMP.format(now);
        for (int n = 0; ; n++) {
            Path aside = file.resolveSibling(n == 0 ? base : base + "-" + n);
            if (taken(aside, companionSuffixes)) {
                continue;
            }
            try {
                Files.move(file, aside); // no REPLACE_EXISTING: a name taken meanwhile fails and the next is tried
            } catch (FileAlreadyExistsException raced) {
                continue;
            }
            for (String suffix : companionSuffixes) {
                Path side = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(side, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(side, aside.resolveSibling(aside.getFileName() + suffix));
                }
            }
            return aside;
        }
    }

    private static boolean taken(Path aside, String... suffixes) {
        if (Files.exists(aside, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        for (String suffix : suffixes) {
            if (Files.exists(aside.resolveSibling(aside.getFileName() + suffix), LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }
}
