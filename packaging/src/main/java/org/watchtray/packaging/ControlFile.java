package org.watchtray.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Edits the DEBIAN/control file of an unpacked package tree. */
final class ControlFile {
    private ControlFile() {
    }

    /** Sets Installed-Size to what the tree (less DEBIAN/) occupies, in KiB, counted as dpkg-gencontrol does. */
    static long updateInstalledSize(Path root) throws IOException, PackagingException {
        long kib = installedKib(root);
        rewriteField(root, "Installed-Size", value -> Long.toString(kib));
        return kib;
    }

    /**
     * Lists each dependency in Depends once: jpackage's library scan now finds GTK and GL itself
     * (they are beside the jars), and the same names come again from --linux-package-deps.
     */
    static void removeDuplicateDepends(Path root) throws IOException, PackagingException {
        rewriteField(root, "Depends", value -> {
            Set<String> clauses = new LinkedHashSet<>();
            for (String clause : value.split(",")) {
                if (!clause.isBlank()) {
                    clauses.add(clause.strip());
                }
            }
            return String.join(", ", clauses);
        });
    }

    /** Replaces the value of a single-line field of DEBIAN/control. */
    private static void rewriteField(Path root, String name, UnaryOperator<String> newValue) throws IOException, PackagingException {
        Path control = root.resolve("DEBIAN/control");
        Matcher field = Pattern.compile("(?m)^" + Pattern.quote(name) + ": *(.*)$").matcher(Files.readString(control));
        if (!field.find()) {
            throw new PackagingException("no " + name + " field in " + control);
        }
        Files.writeString(control, field.replaceFirst(Matcher.quoteReplacement(name + ": " + newValue.apply(field.group(1)))));
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
