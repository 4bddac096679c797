package org.watchtray.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptLaunchersTest {
    @TempDir
    Path dir;

    @Test
    void scriptRunsTheMainModuleOnTheModulePathUnderTheLaunchersNameWithTheCfgsOptionsTheCacheAndTheCallersArguments() throws Exception {
        Path image = dir.resolve("opt/watchtray");
        Files.createDirectories(image.resolve("bin"));
        Files.createDirectories(image.resolve("lib/app"));
        Path runtimeBin = Files.createDirectories(image.resolve("lib/runtime/bin"));
        // A stand-in java that prints the name it was started as and each argument on a line.
        Path java = Files.writeString(runtimeBin.resolve("java"), "#!/bin/sh\necho \"name=$(basename \"$0\")\"\nfor a in \"$@\"; do echo \"arg=$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.write(image.resolve("bin/watchtray"), new byte[] {0x7f, 'E', 'L', 'F'});
        Files.write(image.resolve("lib/libapplauncher.so"), new byte[] {0x7f, 'E', 'L', 'F'});
        Files.write(image.resolve("lib/app/watchtray.cfg"), List.of(
                "[Application]",
                "app.classpath=$APPDIR/app.jar",
                "app.mainclass=org.watchtray.app.Main",
                "app.classpath=$APPDIR/lib with space.jar",
                "",
                "[JavaOptions]",
                "java-options=-Dprism.order=sw",
                "java-options=-Dorg.sqlite.lib.path=$APPDIR",
                "java-options=-Dquote=\"`$HOME`\""));

        ScriptLaunchers.replace(image, List.of(new ScriptLaunchers.Launcher("watchtray", "org.watchtray.app", "watchtray.aot")));

        // Started through a link elsewhere, as /usr/bin/watchtray is.
        Path link = Files.createDirectories(dir.resolve("usr/bin")).resolve("watchtray");
        Files.createSymbolicLink(link, image.resolve("bin/watchtray"));
        Run run = Run.of(link.toString(), "status", "two words");
        assertEquals(0, run.exit(), run.describe());
        // The canonical path, as the ahead-of-time cache recorded it at training.
        String app = image.resolve("lib/app").toRealPath().toString();
        List<String> lines = run.output().lines().toList();
        assertEquals(List.of(
                "name=watchtray",
                "arg=-Dprism.order=sw",
                "arg=-Dorg.sqlite.lib.path=" + app,
                "arg=-Dquote=\"`$HOME`\"",
                "arg=-XX:AOTCache=" + app + "/watchtray.aot",
                "arg=--module-path",
                "arg=" + app + "/app.jar:" + app + "/lib with space.jar",
                "arg=-m",
                "arg=org.watchtray.app/org.watchtray.app.Main",
                "arg=status",
                "arg=two words"), lines);
        assertTrue(Files.isSymbolicLink(image.resolve("lib/runtime/bin/watchtray")));
        assertFalse(Files.exists(image.resolve("lib/libapplauncher.so")), "the native launchers' library is gone");
    }
}
