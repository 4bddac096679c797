package org.watchtray.nativeaccess.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A class path another user (uid 65534) can read, for the probes tests run as that user:
 * watchtray's own classes only. Class directories of the build are used as they are; watchtray
 * jars from a Maven repository another user cannot read (a module built alone takes its
 * siblings from there) are copied to a world-readable temporary directory first.
 */
public final class OtherUser {
    private static String classPath;

    private OtherUser() {
    }

    public static synchronized String classPath() {
        if (classPath == null) {
            try {
                Path copies = Files.createTempDirectory("watchtray-classes");
                Files.setPosixFilePermissions(copies, PosixFilePermissions.fromString("rwxr-xr-x"));
                copies.toFile().deleteOnExit();
                List<String> entries = new ArrayList<>();
                for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                    Path p = Path.of(entry);
                    if (Files.isDirectory(p)) {
                        entries.add(entry);
                    } else if (entry.endsWith(".jar") && (entry.contains("/org/watchtray/") || ours(p))) {
                        Path copy = Files.copy(p, copies.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                        copy.toFile().deleteOnExit();
                        entries.add(copy.toString());
                    }
                }
                classPath = String.join(File.pathSeparator, entries);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return classPath;
    }

    /** A module jar of this reactor (mvn verify puts target/*.jar, not target/classes, on the class path). */
    private static boolean ours(Path jar) {
        return jar.getFileName().toString().matches("(notifier-core|native-access|agent|icons|app)-\\d.*\\.jar");
    }
}
