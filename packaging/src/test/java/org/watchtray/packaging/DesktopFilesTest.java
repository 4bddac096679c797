package org.watchtray.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The desktop files as they ship, checked by the desktop's own validators (desktop-file-utils,
 * appstream), without building the package. DebPackageIT checks the installed copies again.
 */
class DesktopFilesTest {
    @TempDir
    Path dir;

    @Test
    void menuEntryIsValid() throws Exception {
        Run run = Run.of("desktop-file-validate", copy("applications/org.watchtray.Watchtray.desktop").toString());
        assertEquals("", run.output(), run.describe());
        assertEquals(0, run.exit(), run.describe());
    }

    @Test
    void autostartTemplateIsValidAndStartsTheInstalledLauncher() throws Exception {
        Path entry = copy("autostart/watchtray.desktop");
        Run run = Run.of("desktop-file-validate", entry.toString());
        assertEquals("", run.output(), run.describe());
        assertEquals(0, run.exit(), run.describe());
        List<String> lines = Files.readAllLines(entry);
        assertTrue(lines.contains("Exec=watchtray"), "runs the launcher from the PATH");
        // XDG autostart skips an entry whose TryExec cannot be found, so a removed package is not started.
        assertTrue(lines.contains("TryExec=watchtray"), "TryExec guards against a removed package");
        assertTrue(lines.stream().noneMatch(line -> line.startsWith("Hidden=")), "a Hidden entry would be ignored");
    }

    @Test
    void appstreamMetadataIsValid() throws Exception {
        Run run = Run.of("appstreamcli", "validate", "--no-net", "--no-color", copy("metainfo/org.watchtray.Watchtray.metainfo.xml").toString());
        assertEquals(0, run.exit(), run.describe());
        assertTrue(run.output().contains("Validation was successful"), run.describe());
    }

    @Test
    void metainfoAnnouncesThePackageVersionAndTheDesktopEntry() throws Exception {
        String metainfo = Files.readString(copy("metainfo/org.watchtray.Watchtray.metainfo.xml"));
        String version = System.getProperty("watchtray.version", "0.1.0-SNAPSHOT").replaceFirst("[-+~].*$", "");
        assertTrue(metainfo.contains("<release version=\"" + version + "\""), "newest release is " + version);
        assertTrue(metainfo.contains("<launchable type=\"desktop-id\">" + Path.of(InstallLayout.DESKTOP_FILE).getFileName() + "</launchable>"));
    }

    @Test
    void systemdUnitsVerify() throws Exception {
        // systemd-analyze checks that ExecStart exists, so point the units at a stand-in launcher.
        Path launcherDir = Files.createDirectories(dir.resolve("opt/watchtray/bin"));
        for (String launcher : List.of("watchtray", "watchtray-agent")) {
            Path file = Files.writeString(launcherDir.resolve(launcher), "#!/bin/sh\n");
            file.toFile().setExecutable(true);
        }
        Path system = retarget(copy("systemd/watchtray-agent.service"));
        Run agent = Run.of("systemd-analyze", "verify", system.toString());
        assertEquals("", agent.output(), agent.describe());
        assertEquals(0, agent.exit(), agent.describe());

        Path runtimeDir = Files.createDirectories(dir.resolve("runtime"));
        Path user = retarget(copy("systemd/watchtray.service"));
        Run session = Run.of(java.util.Map.of("XDG_RUNTIME_DIR", runtimeDir.toString()), null, "systemd-analyze", "--user", "verify", user.toString());
        assertEquals("", session.output(), session.describe());
        assertEquals(0, session.exit(), session.describe());
        assertTrue(Files.readString(user).contains("WantedBy=graphical-session.target"));
        assertTrue(Files.readString(user).contains("PartOf=graphical-session.target"));
        // The app exits 75 when the session bus goes away under it (DesktopSessionTest): a failure,
        // so systemd starts it again; the user's Quit exits 0 and is left alone.
        assertTrue(Files.readString(user).lines().anyMatch("Restart=on-failure"::equals), Files.readString(user));
    }

    /** Rewrites /opt/watchtray in a unit to the stand-in tree under the temp directory. */
    private Path retarget(Path unit) throws IOException {
        Files.writeString(unit, Files.readString(unit).replace("/" + InstallLayout.APP_DIR, dir.resolve(InstallLayout.APP_DIR).toString()));
        return unit;
    }

    private Path copy(String resource) throws IOException {
        Path target = dir.resolve(Path.of(resource).getFileName());
        try (InputStream in = DebStage.resource(resource).openStream()) {
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
