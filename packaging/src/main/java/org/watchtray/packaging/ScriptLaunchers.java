package org.watchtray.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces jpackage's native launchers in an app image with small sh scripts written from their
 * .cfg files (the same jars, main class and Java options), which run the app on the module path:
 * the jars of the .cfg's class path become the module path and the main class is started in its
 * module. jpackage's Linux launcher also asks {@code rpm -qf} and {@code dpkg -S} (and, when
 * installed, {@code dpkg -L}) which package owns it on every start
 * (src/jdk.jpackage/linux/native/applauncher/LinuxPackage.c), about 100–150 ms of each start on
 * Debian. Each script execs the runtime's java through a link named after the launcher, so the
 * process is still called {@code watchtray} / {@code watchtray-agent}.
 */
final class ScriptLaunchers {
    private static final String APPDIR = "$APPDIR";

    /**
     * One launcher: its name (and .cfg's), the module of its main class, and the file name of its
     * ahead-of-time cache in lib/app ({@link StartupCache} makes it), or null for none.
     */
    record Launcher(String name, String mainModule, String aotCache) {
    }

    /** What a launcher's .cfg says: class path entries, main class and Java options, in order. */
    record Config(List<String> classPath, String mainClass, List<String> javaOptions) {
        /** The class path as a module path, {@code $APPDIR} replaced by {@code appDir}. */
        String modulePath(String appDir) {
            return String.join(":", classPath).replace(APPDIR, appDir);
        }

        static Config read(Path cfg) throws IOException, PackagingException {
            String mainClass = null;
            List<String> classPath = new ArrayList<>();
            List<String> options = new ArrayList<>();
            List<String> lines = Files.readAllLines(cfg);
            for (String line : lines) {
                if (line.startsWith("app.mainclass=")) {
                    mainClass = value(line);
                } else if (line.startsWith("app.classpath=")) {
                    classPath.add(value(line));
                } else if (line.startsWith("java-options=")) {
                    options.add(value(line));
                }
            }
            if (mainClass == null || classPath.isEmpty()) {
                throw new PackagingException(cfg.getFileName() + " names no main class or class path: " + lines);
            }
            return new Config(List.copyOf(classPath), mainClass, List.copyOf(options));
        }
    }

    private ScriptLaunchers() {
    }

    static void replace(Path image, List<Launcher> launchers) throws IOException, PackagingException {
        for (Launcher launcher : launchers) {
            Path script = image.resolve("bin/" + launcher.name());
            Files.writeString(script, script(launcher, Config.read(cfg(image, launcher.name()))));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path link = image.resolve("lib/runtime/bin/" + launcher.name());
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of("java"));
        }
        // Only the native launchers loaded it.
        Files.deleteIfExists(image.resolve("lib/libapplauncher.so"));
    }

    /** A launcher's .cfg file in an app image. */
    static Path cfg(Path image, String launcher) {
        return image.resolve("lib/app/" + launcher + ".cfg");
    }

    /** The script for one launcher. */
    static String script(Launcher launcher, Config cfg) {
        StringBuilder sh = new StringBuilder()
                .append("#!/bin/sh\n")
                .append("# ").append(launcher.name()).append(": generated from lib/app/").append(launcher.name()).append(".cfg by the packaging build.\n")
                .append("# Unlike jpackage's native launcher it does not ask dpkg which package owns it on every start.\n")
                // The canonical path: the ahead-of-time cache holds the module path as it was at training.
                .append("app=\"$(dirname \"$(dirname \"$(readlink -f \"$0\")\")\")/lib/app\"\n")
                .append("exec \"$app/../runtime/bin/").append(launcher.name()).append("\"");
        for (String option : cfg.javaOptions()) {
            sh.append(" \\\n    ").append(quoted(option));
        }
        if (launcher.aotCache() != null) {
            sh.append(" \\\n    ").append(quoted("-XX:AOTCache=" + APPDIR + "/" + launcher.aotCache()));
        }
        sh.append(" \\\n    --module-path ").append(quoted(String.join(":", cfg.classPath())))
                .append(" \\\n    -m ").append(quoted(launcher.mainModule() + "/" + cfg.mainClass())).append(" \"$@\"\n");
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
