package org.watchtray.core.time;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which time zone the system's {@code localtime} file (production: {@code /etc/localtime}) names,
 * found the way the JDK finds it at start-up: a symbolic link names its zone in its target after
 * {@code zoneinfo/} ({@code ../usr/share/zoneinfo/Europe/Berlin}); a regular file (a copy) is the
 * zone whose file under the zoneinfo directory has the same bytes.
 */
public final class LocaltimeFile {
    private static final String ZONEINFO = "zoneinfo/";
    /** Trees of the zoneinfo directory that hold other renderings of the same zones, not zones of their own. */
    private static final List<String> NOT_ZONES = List.of("posix", "right", "posixrules", "localtime", "Factory");

    private final Path localtime;
    private final Path zoneinfo;

    /**
     * @param localtime the file to read ({@code /etc/localtime})
     * @param zoneinfo  the zone files a copied {@code localtime} is compared with ({@code /usr/share/zoneinfo})
     */
    public LocaltimeFile(Path localtime, Path zoneinfo) {
        this.localtime = localtime;
        this.zoneinfo = zoneinfo;
    }

    public Path path() {
        return localtime;
    }

    /**
     * The zone the file names now; empty when there is no file (the moment between a removal and
     * the new link, with {@code rm} then {@code ln}) or it names no zone Java knows.
     */
    public Optional<ZoneId> zone() {
        try {
            if (Files.isSymbolicLink(localtime)) {
                Optional<ZoneId> named = named(Files.readSymbolicLink(localtime).toString());
                if (named.isPresent()) {
                    return named;
                }
            }
            return copyOf(Files.readAllBytes(localtime));
        } catch (IOException gone) {
            return Optional.empty();   // NoSuchFileException mostly: rechecked at the next change
        }
    }

    /** The zone in a link's target: what follows {@code zoneinfo/}, without a {@code posix/} or {@code right/} tree. */
    static Optional<ZoneId> named(String target) {
        int at = target.indexOf(ZONEINFO);
        if (at < 0) {
            return Optional.empty();
        }
        String id = target.substring(at + ZONEINFO.length());
        for (String tree : List.of("posix/", "right/")) {
            if (id.startsWith(tree)) {
                id = id.substring(tree.length());
            }
        }
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException unknown) {
            return Optional.empty();
        }
    }

    /** The first zone (in name order, so the answer is stable) whose zoneinfo file holds exactly {@code bytes}. */
    private Optional<ZoneId> copyOf(byte[] bytes) throws IOException {
        if (!Files.isDirectory(zoneinfo)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(zoneinfo)) {
            return files.filter(p -> NOT_ZONES.stream().noneMatch(n -> zoneinfo.relativize(p).startsWith(n)))
                    .filter(Files::isRegularFile)
                    .filter(p -> sameBytes(p, bytes))
                    .map(p -> named(ZONEINFO + zoneinfo.relativize(p)))
                    .flatMap(Optional::stream)
                    .sorted(java.util.Comparator.comparing(ZoneId::getId))
                    .findFirst();
        }
    }

    private static boolean sameBytes(Path p, byte[] bytes) {
        try {
            return Files.size(p) == bytes.length && Arrays.equals(Files.readAllBytes(p), bytes);
        } catch (IOException e) {
            return false;
        }
    }
}
