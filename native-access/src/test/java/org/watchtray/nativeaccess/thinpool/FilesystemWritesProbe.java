package org.watchtray.nativeaccess.thinpool;

import java.nio.file.Files;
import java.nio.file.Path;
import org.watchtray.core.thinpool.FilesystemWrites;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * Run by {@link FanotifyFilesystemWritesTest} in a mount namespace of its own, on a tmpfs mounted
 * there only (so nobody else writes to it): marks the filesystem at {@code args[0]}, then prints
 * what {@link FilesystemWrites#drain()} says after each step.
 */
public final class FilesystemWritesProbe {
    private FilesystemWritesProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path fs = Path.of(args[0]);
        Path dir = Files.createDirectories(fs.resolve("sub"));
        try (FilesystemWrites w = NativeAccess.linux().filesystemWrites().open()) {
            w.mark(dir.toString()); // any path on it marks the whole filesystem
            System.out.println("fresh " + w.drain());
            Files.writeString(fs.resolve("file"), "x");
            System.out.println("written " + w.drain());
            System.out.println("again " + w.drain());
            for (int i = 0; i < 1000; i++) {
                Files.writeString(dir.resolve("flood"), "y".repeat(i));
            }
            System.out.println("flood " + w.drain());
            System.out.println("read " + Files.readString(fs.resolve("file")) + " " + w.drain());
            Files.createDirectory(dir.resolve("new"));
            System.out.println("mkdir " + w.drain());
        }
    }
}
