package org.watchtray.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlFileTest {
    @TempDir
    Path root;

    @Test
    void installedSizeCountsFilesInWholeKibAndEveryOtherEntryAsOne() throws Exception {
        Files.createDirectories(root.resolve("DEBIAN"));
        Files.writeString(root.resolve("DEBIAN/control"), "Package: watchtray\nInstalled-Size: 1\nDepends: libc6\n");
        Path bin = Files.createDirectories(root.resolve("opt/watchtray/bin"));   // 3 directories: 3 KiB
        Files.write(bin.resolve("watchtray"), new byte[1025]);                     // 2 KiB
        Files.write(bin.resolve("empty"), new byte[0]);                            // 0 KiB
        Files.createSymbolicLink(bin.resolve("link"), Path.of("watchtray"));        // 1 KiB

        assertEquals(6, ControlFile.updateInstalledSize(root));
        assertEquals("Package: watchtray\nInstalled-Size: 6\nDepends: libc6\n", Files.readString(root.resolve("DEBIAN/control")));
    }

    @Test
    void dependsListsEachPackageOnceInFirstSeenOrder() throws Exception {
        Files.createDirectories(root.resolve("DEBIAN"));
        // jpackage's own template leaves a space before the comma that joins its list and ours.
        Files.writeString(root.resolve("DEBIAN/control"),
                "Package: watchtray\nDepends: libc6, libgtk-3-0, libgl1 , libgtk-3-0, libgl1, libkrb5-3\nInstalled-Size: 9\n");

        ControlFile.removeDuplicateDepends(root);

        assertEquals("Package: watchtray\nDepends: libc6, libgtk-3-0, libgl1, libkrb5-3\nInstalled-Size: 9\n",
                Files.readString(root.resolve("DEBIAN/control")));
    }
}
