package org.watchtray.packaging;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Chooses the jars that go on the packaged app's class path. Maven resolves each JavaFX
 * artifact twice, as an empty no-classifier jar (a POM-only placeholder holding just a manifest)
 * and as the {@code -linux} jar with the classes; the empty ones are left out.
 */
final class ClassPathJars {
    private ClassPathJars() {
    }

    /** Copies each jar in {@code from} that holds classes into {@code to}; returns the copied names, sorted. */
    static List<String> copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        List<String> copied = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(from, "*.jar")) {
            for (Path jar : jars) {
                if (hasClasses(jar)) {
                    Files.copy(jar, to.resolve(jar.getFileName()));
                    copied.add(jar.getFileName().toString());
                }
            }
        }
        copied.sort(null);
        return copied;
    }

    static boolean hasClasses(Path jar) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().endsWith(".class")) {
                    return true;
                }
            }
            return false;
        }
    }
}
