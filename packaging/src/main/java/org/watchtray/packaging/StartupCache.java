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
 *
 * <p>A second cache, {@value #WINDOW_FILE}, is the window process's ({@code WindowAotTraining}:
 * the timeline's first frame over a small history) and needs a display: a private Xvfb. The tray
 * hands it to the window process it starts (the app's {@code WindowCommand} looks for it beside
 * the tray's cache), so no launcher names it.
 */
final class StartupCache {
    /** The cache's file name in lib/app. */
    static final String FILE = "watchtray.aot";
    static final String TRAINING_CLASS = "org.watchtray.app.desktop.AotTraining";
    /** The window process's cache's file name in lib/app (the name the app's WindowCommand looks for). */
    static final String WINDOW_FILE = "watchtray-window.aot";
    static final String WINDOW_TRAINING_CLASS = "org.watchtray.app.desktop.WindowAotTraining";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private StartupCache() {
    }

    /** Trains in {@code appDir} (a staged opt/watchtray) and returns the cache file. */
    static Path make(Path appDir, String launcher, String mainModule, Path log) throws IOException, PackagingException {
        return train(appDir, launcher, mainModule, TRAINING_CLASS, FILE, List.of(), List.of(), log);
    }

    /** Trains the window process's cache in {@code appDir} on a private Xvfb and returns the cache file. */
    static Path makeWindow(Path appDir, String launcher, String mainModule, Path log) throws IOException, PackagingException {
        try (PrivateDisplay display = PrivateDisplay.start()) {
            // No session bus and no accessibility bridge: GTK talks to nothing of the builder's session.
            // The window process's own options after the launcher's, as WindowCommand gives them.
            return train(appDir, launcher, mainModule, WINDOW_TRAINING_CLASS, WINDOW_FILE,
                    List.of("env", "-u", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY=" + display.display(), "NO_AT_BRIDGE=1"),
                    LaunchOptions.window(), log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PackagingException("interrupted while training " + WINDOW_FILE);
        }
    }

    private static Path train(Path appDir, String launcher, String mainModule, String trainingClass, String file,
                              List<String> prefix, List<String> moreOptions, Path log) throws IOException, PackagingException {
        ScriptLaunchers.Config cfg = ScriptLaunchers.Config.read(appDir.resolve("lib/app/" + launcher + ".cfg"));
        String lib = InstallPath.APP_DIR + "/lib/app";
        List<String> java = new ArrayList<>(prefix);
        java.add(InstallPath.APP_DIR + "/lib/runtime/bin/java");
        cfg.javaOptions().forEach(option -> java.add(option.replace("$APPDIR", lib)));
        java.addAll(moreOptions);
        java.add("-XX:AOTCacheOutput=" + lib + "/" + file);
        java.addAll(List.of("--module-path", cfg.modulePath(lib), "-m", mainModule + "/" + trainingClass));
        Command.run(InstallPath.command(appDir, java), log, TIMEOUT);
        Path cache = appDir.resolve("lib/app/" + file);
        if (!Files.isRegularFile(cache)) {
            throw new PackagingException("the training run wrote no " + file + "; see " + log);
        }
        return cache;
    }
}
