package org.watchtray.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.watchtray.icons.Icons;
import org.watchtray.icons.Icons.State;

/**
 * Adds the desktop integration to an unpacked package tree: the files jpackage cannot place
 * outside its install directory (menu entry, AppStream data, icons, systemd units, sysusers and
 * tmpfiles snippets, the journal message catalog, the /usr/bin link). Every path comes from {@link InstallLayout}.
 */
final class DebStage {
    private DebStage() {
    }

    /** Where each staged file comes from: a resource of this module or an icon of the icons module. */
    static Map<String, URL> sources() {
        Map<String, URL> sources = new LinkedHashMap<>();
        sources.put(InstallLayout.DESKTOP_FILE, resource("applications/org.watchtray.Watchtray.desktop"));
        sources.put(InstallLayout.METAINFO, resource("metainfo/org.watchtray.Watchtray.metainfo.xml"));
        sources.put(InstallLayout.USER_UNIT, resource("systemd/watchtray.service"));
        sources.put(InstallLayout.AGENT_UNIT, resource("systemd/watchtray-agent.service"));
        sources.put(InstallLayout.SYSUSERS, resource("systemd/watchtray.sysusers.conf"));
        sources.put(InstallLayout.TMPFILES, resource("systemd/watchtray.tmpfiles.conf"));
        sources.put(InstallLayout.CATALOG, resource("catalog/watchtray.catalog"));
        for (State state : InstallLayout.iconStates()) {
            for (int size : Icons.SIZES) {
                sources.put(InstallLayout.hicolorPng(state, size), Objects.requireNonNull(Icons.png(state, size)));
            }
            sources.put(InstallLayout.hicolorScalable(state), Icons.svg(state));
            sources.put(InstallLayout.hicolorSymbolic(state), Icons.symbolic(state));
        }
        return sources;
    }

    /** Writes every file (mode 0644, directories 0755) and the launcher link under {@code root}. */
    static void writeTo(Path root) throws IOException {
        for (Map.Entry<String, URL> file : sources().entrySet()) {
            Path target = root.resolve(file.getKey());
            createDirectories(root, target.getParent());
            try (InputStream in = file.getValue().openStream()) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Path link = root.resolve(InstallLayout.LAUNCHER);
        createDirectories(root, link.getParent());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of("/" + InstallLayout.APP_LAUNCHER));
    }

    /** A resource of the packaging module, by its path from the resource root. */
    static URL resource(String path) {
        return Objects.requireNonNull(DebStage.class.getResource("/" + path), path);
    }

    private static void createDirectories(Path root, Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createDirectories(root, dir.getParent());
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
}
