package org.watchtray.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Edits the DEBIAN/control file of an unpacked package tree. */
final class ControlFile {
    private static final Pattern INSTALLED_SIZE = Pattern.compile("(?m)^Installed-Size: *\\d+$");
    private static final Pattern DEPENDS = Pattern.compile("(?m)^Depends: *(.*)$");

    private ControlFile() {
    }

    /** Sets Installed-Size to what the tree (less DEBIAN/) occupies, in KiB, counted as dpkg-gencontrol does. */
    static long updateInstalledSize(Path root) throws IOException, PackagingException {
        Path control = root.resolve("DEBIAN/control");
        String text = Files.readString(control);
        Matcher field = INSTALLED_SIZE.matcher(text);
        if (!field.find()) {
            throw new PackagingException("no Installed-Size field in " + control);
        }
        long kib = installedKib(root);
        Files.writeString(control, field.replaceFirst("Installed-Size: " + kib));
        return kib;
    }

    /**
     * Lists each dependency in Depends once: jpackage's library scan now finds GTK and GL itself
     * (they are beside the jars), and the same names come again from --linux-package-deps.
     */
    static void removeDuplicateDepends(Path root) throws IOException, PackagingException {
        Path control = root.resolve("DEBIAN/control");
        String text = Files.readString(control);
        Matcher field = DEPENDS.matcher(text);
        if (!field.find()) {
            throw new PackagingException("no Depends field in " + control);
        }
        Set<String> clauses = new LinkedHashSet<>();
        for (String clause : field.group(1).split(",")) {
            if (!clause.isBlank()) {
                clauses.add(clause.strip());
            }
        }
        Files.writeString(control, field.replaceFirst(Matcher.quoteReplacement("Depends: " + String.join(", ", clauses))));
    }

    /** Each regular file rounded up to whole KiB, each other entry (directory, link) one KiB. */
    static long installedKib(Path root) throws IOException {
        Path debian = root.resolve("DEBIAN");
        try (Stream<Path> paths = Files.walk(root)) {
            long total = 0;
            for (Path path : (Iterable<Path>) paths.filter(p -> !p.equals(root) && !p.startsWith(debian))::iterator) {
                total += Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? (Files.size(path) + 1023) / 1024 : 1;
            }
            return total;
        }
    }
}
