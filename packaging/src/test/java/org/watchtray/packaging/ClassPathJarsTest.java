package org.watchtray.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassPathJarsTest {
    @TempDir
    Path dir;

    @Test
    void leavesOutTheEmptyNoClassifierJavafxJars() throws IOException {
        Path from = Files.createDirectories(dir.resolve("lib"));
        // What Maven puts in target/lib for javafx-graphics: a manifest-only jar and the -linux one.
        jar(from.resolve("javafx-graphics-26.0.2.jar"), List.of("META-INF/MANIFEST.MF"));
        jar(from.resolve("javafx-graphics-26.0.2-linux.jar"), List.of("javafx/scene/Node.class", "libprism_sw.so"));
        jar(from.resolve("app-0.1.0-SNAPSHOT.jar"), List.of("org/watchtray/app/Main.class"));

        List<String> copied = ClassPathJars.copy(from, dir.resolve("input"));

        assertEquals(List.of("app-0.1.0-SNAPSHOT.jar", "javafx-graphics-26.0.2-linux.jar"), copied);
        try (var files = Files.list(dir.resolve("input"))) {
            assertEquals(2, files.count());
        }
    }

    private static void jar(Path path, List<String> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (String entry : entries) {
                if (!entry.equals("META-INF/MANIFEST.MF")) {
                    jar.putNextEntry(new JarEntry(entry));
                    jar.write(new byte[] {1, 2, 3});
                    jar.closeEntry();
                }
            }
        }
    }
}
