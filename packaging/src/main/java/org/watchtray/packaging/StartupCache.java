package org.watchtray.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the tray app's ahead-of-time cache (JEPs 483, 514, 515) inside the staged package: a
 * training run of the app (its {@code AotTraining} workload: the tray start against a private
 * bus, then {@code watchtray status}) with the packaged runtime, the launcher's Java options and
 * module path, at the installed path ({@link InstallPath}). The cache holds the classes that run
 * loaded and linked; the launcher passes it with {@code -XX:AOTCache}. It matches only this
 * runtime and these jars at these paths, which dpkg installs with the mtimes they have here.
 */
final class StartupCache {
    /** The cache's file name in lib/app. */
    static final String FILE = "watchtray.aot";
    static final String TRAINING_CLASS = "org.watchtray.app.desktop.AotTraining";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private StartupCache() {
    }

    /** Trains in {@code appDir} (a staged opt/watchtray) and returns the cache file. */
    static Path make(Path appDir, String launcher, String mainModule, Path log) throws IOException, PackagingException {
        ScriptLaunchers.Config cfg = ScriptLaunchers.Config.read(appDir.resolve("lib/app/" + launcher + ".cfg"));
        String lib = InstallPath.APP_DIR + "/lib/app";
        List<String> java = new ArrayList<>(List.of(InstallPath.APP_DIR + "/lib/runtime/bin/java"));
        cfg.javaOptions().forEach(option -> java.add(option.replace("$APPDIR", lib)));
        java.add("-XX:AOTCacheOutput=" + lib + "/" + FILE);
        java.addAll(List.of("--module-path", cfg.modulePath(lib), "-m", mainModule + "/" + TRAINING_CLASS));
        Command.run(InstallPath.command(appDir, java), log, TIMEOUT);
        Path cache = appDir.resolve("lib/app/" + FILE);
        if (!Files.isRegularFile(cache)) {
            throw new PackagingException("the training run wrote no " + FILE + "; see " + log);
        }
        return cache;
    }
}
