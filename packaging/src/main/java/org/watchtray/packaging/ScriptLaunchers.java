package org.watchtray.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces jpackage's native launchers in an app image with small sh scripts written from their
 * .cfg files (same class path, main class and Java options). jpackage's Linux launcher asks
 * {@code rpm -qf} and {@code dpkg -S} (and, when installed, {@code dpkg -L}) which package owns
 * it on every start (src/jdk.jpackage/linux/native/applauncher/LinuxPackage.c); on Debian that
 * costs about 100–150 ms of each start. Each script execs the runtime's java through a link named
 * after the launcher, so the process is still called {@code watchtray} / {@code watchtray-agent}.
 */
final class ScriptLaunchers {
    private static final String APPDIR = "$APPDIR";

    private ScriptLaunchers() {
    }

    static void replace(Path image, List<String> launchers) throws IOException, PackagingException {
        for (String launcher : launchers) {
            Path cfg = image.resolve("lib/app/" + launcher + ".cfg");
            Path script = image.resolve("bin/" + launcher);
            Files.writeString(script, script(launcher, Files.readAllLines(cfg)));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path link = image.resolve("lib/runtime/bin/" + launcher);
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of("java"));
        }
        // Only the native launchers loaded it.
        Files.deleteIfExists(image.resolve("lib/libapplauncher.so"));
    }

    /** The script for one launcher, from the lines of its jpackage .cfg file. */
    static String script(String launcher, List<String> cfg) throws PackagingException {
        String mainClass = null;
        List<String> classPath = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String line : cfg) {
            if (line.startsWith("app.mainclass=")) {
                mainClass = value(line);
            } else if (line.startsWith("app.classpath=")) {
                classPath.add(value(line));
            } else if (line.startsWith("java-options=")) {
                options.add(value(line));
            }
        }
        if (mainClass == null || classPath.isEmpty()) {
            throw new PackagingException(launcher + ".cfg names no main class or class path: " + cfg);
        }
        StringBuilder sh = new StringBuilder()
                .append("#!/bin/sh\n")
                .append("# ").append(launcher).append(": generated from lib/app/").append(launcher).append(".cfg by the packaging build.\n")
                .append("# Unlike jpackage's native launcher it does not ask dpkg which package owns it on every start.\n")
                .append("app=\"$(dirname \"$(readlink -f \"$0\")\")/../lib/app\"\n")
                .append("exec \"$app/../runtime/bin/").append(launcher).append("\"");
        for (String option : options) {
            sh.append(" \\\n    ").append(quoted(option));
        }
        sh.append(" \\\n    -cp ").append(quoted(String.join(":", classPath)))
                .append(" \\\n    ").append(quoted(mainClass)).append(" \"$@\"\n");
        return sh.toString();
    }

    private static String value(String line) {
        return line.substring(line.indexOf('=') + 1);
    }

    /** A double-quoted sh word in which only jpackage's $APPDIR expands (to the script's $app). */
    static String quoted(String value) {
        StringBuilder word = new StringBuilder("\"");
        String[] parts = value.split(java.util.regex.Pattern.quote(APPDIR), -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                word.append("$app");
            }
            word.append(parts[i].replaceAll("([\"\\\\$`])", "\\\\$1"));
        }
        return word.append('"').toString();
    }
}
