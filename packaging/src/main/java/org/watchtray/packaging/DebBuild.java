package org.watchtray.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.watchtray.icons.Icons;

/**
 * Builds watchtray's .deb: jpackage makes the application image (jlinked runtime, the jars, the
 * watchtray and watchtray-agent launchers, which {@link ScriptLaunchers} then swaps for scripts
 * that start faster and run the app on the module path) and the package around it with its
 * computed library dependencies; then the desktop integration that jpackage cannot place outside
 * /opt/watchtray is added ({@link DebStage}), the app's ahead-of-time cache is trained
 * ({@link StartupCache}), and the package is compressed once. The launchers' Java options come
 * from the checkout's launch/ files ({@link LaunchOptions}), as bin/watchtray's do.
 *
 * @param jdkHome   the JDK whose jdeps and jpackage are used (and whose runtime is packaged)
 * @param jarDir    the app's and agent's jars and all their runtime dependencies
 * @param appJar    file name of the app jar in {@code jarDir}
 * @param agentJar  file name of the agent jar in {@code jarDir}
 * @param version   the project version; its numeric part becomes the package version
 * @param workDir   scratch space (emptied first); logs of every tool stay in {@code workDir/logs}
 * @param outputDir where the finished .deb goes
 */
public record DebBuild(Path jdkHome, Path jarDir, String appJar, String agentJar, String version, Path workDir, Path outputDir) {

    public static final String APP_MAIN_CLASS = "org.watchtray.app.Main";
    public static final String APP_MAIN_MODULE = "org.watchtray.app";
    public static final String AGENT_MAIN_CLASS = "org.watchtray.agent.AgentMain";
    public static final String AGENT_MAIN_MODULE = "org.watchtray.agent";
    static final List<ScriptLaunchers.Launcher> LAUNCHERS = List.of(
            new ScriptLaunchers.Launcher("watchtray", APP_MAIN_MODULE, StartupCache.FILE),
            new ScriptLaunchers.Launcher("watchtray-agent", AGENT_MAIN_MODULE, null));
    /** JavaFX loads GTK and GL from its own jar at run time, where jpackage's ldd scan cannot see them. */
    public static final String EXTRA_DEPENDS = "libgtk-3-0, libgl1, libkrb5-3";
    static final String SUMMARY = "Desktop alerts and a timeline for kernel and system events";
    static final String VENDOR = "The watchtray developers";
    static final String MAINTAINER_EMAIL = "maintainers@watchtray.invalid";

    private static final Duration JPACKAGE_TIMEOUT = Duration.ofMinutes(10);

    /** Runs every step and returns the .deb. */
    public Path build() throws PackagingException {
        try {
            deleteTree(workDir);
            Files.createDirectories(outputDir);
            Path input = workDir.resolve("input");
            List<String> jars = ClassPathJars.copy(jarDir, input);
            for (String required : List.of(appJar, agentJar)) {
                if (!jars.contains(required)) {
                    throw new PackagingException(required + " is not among the jars in " + jarDir + ": " + jars);
                }
            }
            step("native libraries out of the jars", () -> NativeLibraries.unpack(input, System.getProperty("os.arch")));
            List<String> modules = step("jdeps", () -> RuntimeModules.find(jdkHome, input, jars, log("jdeps")));
            Path appImage = step("jpackage app image", () -> appImage(input, modules));
            Path jpackageDeb = step("jpackage deb", () -> jpackageDeb(appImage));
            Path deb = step("desktop integration + compression", () -> finish(jpackageDeb));
            deleteTree(workDir.resolve("image"));
            deleteTree(workDir.resolve("stage"));
            deleteTree(jpackageDeb.getParent());
            return deb;
        } catch (IOException e) {
            throw new PackagingException("building the .deb failed: " + e.getMessage(), e);
        }
    }

    /** The tray app's Java options: launch/jvm.options and launch/app.options, and where sqlite-jdbc's library is. */
    public static List<String> appJavaOptions() {
        List<String> options = new ArrayList<>(LaunchOptions.app());
        options.addAll(NativeLibraries.SQLITE_JAVA_OPTIONS);
        return List.copyOf(options);
    }

    /** watchtray-agent's Java options: launch/jvm.options and launch/agent.options. */
    public static List<String> agentJavaOptions() {
        return LaunchOptions.agent();
    }

    /** The package version: the numeric part of the project version (0.1.0-SNAPSHOT → 0.1.0). */
    public String packageVersion() {
        return version.replaceFirst("[-+~].*$", "");
    }

    private Path appImage(Path input, List<String> modules) throws IOException, PackagingException {
        Path icon = workDir.resolve("watchtray.png");
        try (InputStream in = Icons.png(null, 256).openStream()) {
            Files.copy(in, icon);
        }
        Path agentLauncher = workDir.resolve("watchtray-agent.properties");
        Files.writeString(agentLauncher, String.join("\n",
                "main-jar=" + agentJar,
                "main-class=" + AGENT_MAIN_CLASS,
                "java-options=" + String.join(" ", agentJavaOptions()),
                "description=watchtray agent", ""));
        List<String> args = new ArrayList<>(List.of(
                "--type", "app-image",
                "--dest", workDir.resolve("image").toString(),
                "--name", "watchtray",
                "--app-version", packageVersion(),
                "--vendor", VENDOR,
                "--description", SUMMARY,
                "--icon", icon.toString(),
                "--input", input.toString(),
                "--main-jar", appJar,
                "--main-class", APP_MAIN_CLASS,
                "--add-launcher", "watchtray-agent=" + agentLauncher,
                "--add-modules", String.join(",", modules),
                // jpackage's defaults, less --strip-native-commands: the CDS step below needs bin/java.
                "--jlink-options", "--strip-debug --no-man-pages --no-header-files --include-locales=" + RuntimeModules.LOCALES));
        for (String option : appJavaOptions()) {
            args.addAll(List.of("--java-options", option));
        }
        args.add("--verbose");
        jpackage("app-image", args, Map.of());
        Path image = workDir.resolve("image/watchtray");
        dumpClassDataSharingArchive(image.resolve("lib/runtime"));
        ScriptLaunchers.replace(image, LAUNCHERS);
        return image;
    }

    /**
     * Writes the runtime's default CDS archive (its own classes, pre-parsed, mapped at start), which
     * the agent starts with; the app has its own, larger, ahead-of-time cache. Only the
     * compressed-oops archive is made; the other serves heaps over 32 GB.
     */
    private void dumpClassDataSharingArchive(Path runtime) throws PackagingException {
        Command.run(List.of(runtime.resolve("bin/java").toString(), "-Xshare:dump",
                "-XX:SharedArchiveFile=" + runtime.resolve("lib/server/classes.jsa")), log("cds-dump"), Duration.ofMinutes(5));
    }

    private Path jpackageDeb(Path appImage) throws IOException, PackagingException {
        Path resources = workDir.resolve("deb-resources");
        Files.createDirectories(resources);
        for (String name : List.of("control", "postinst", "prerm", "postrm")) {
            try (InputStream in = DebStage.resource("deb/" + name).openStream()) {
                Files.copy(in, resources.resolve(name));
            }
        }
        Path dest = workDir.resolve("jpackage-deb");
        List<String> args = List.of(
                "--type", "deb",
                "--app-image", appImage.toString(),
                "--dest", dest.toString(),
                "--name", "watchtray",
                "--app-version", packageVersion(),
                "--vendor", VENDOR,
                "--description", SUMMARY,
                "--install-dir", "/opt",
                "--resource-dir", resources.toString(),
                "--linux-package-name", "watchtray",
                "--linux-package-deps", EXTRA_DEPENDS,
                "--linux-deb-maintainer", MAINTAINER_EMAIL,
                "--linux-app-category", "utils",
                "--verbose");
        // Uncompressed: finish() unpacks and repacks it, and compresses once.
        jpackage("deb", args, Map.of("DPKG_DEB_COMPRESSOR_TYPE", "none"));
        try (Stream<Path> debs = Files.list(dest)) {
            return debs.filter(p -> p.toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new PackagingException("jpackage made no .deb in " + dest + "; see " + log("jpackage-deb")));
        }
    }

    private Path finish(Path jpackageDeb) throws IOException, PackagingException {
        Path stage = workDir.resolve("stage");
        Command.run(List.of("dpkg-deb", "--raw-extract", jpackageDeb.toString(), stage.toString()), log("dpkg-deb-extract"), Duration.ofMinutes(5));
        DebStage.writeTo(stage);
        StartupCache.make(stage.resolve(InstallLayout.APP_DIR), "watchtray", APP_MAIN_MODULE, log("aot-training"));
        StartupCache.makeWindow(stage.resolve(InstallLayout.APP_DIR), "watchtray", APP_MAIN_MODULE, log("aot-training-window"));
        ControlFile.removeDuplicateDepends(stage);
        ControlFile.updateInstalledSize(stage);
        Path deb = outputDir.resolve(jpackageDeb.getFileName());
        Files.deleteIfExists(deb);
        // zstd -9: 4 s of CPU against xz's 100 s, for a package 12 % larger; dpkg reads it since Debian 12.
        Command.run(List.of("dpkg-deb", "--root-owner-group", "-Zzstd", "-z9", "--build", stage.toString(), deb.toString()),
                log("dpkg-deb-build"), Duration.ofMinutes(10));
        return deb;
    }

    /** Runs jpackage from an argument file, which stays in the work directory to re-run by hand. */
    private void jpackage(String name, List<String> args, Map<String, String> environment) throws IOException, PackagingException {
        Path argFile = workDir.resolve(name + ".args");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            // One option per line; every option but --verbose takes a value, quoted as jpackage expects.
            lines.add(args.get(i).equals("--verbose") ? args.get(i) : args.get(i) + " " + quoted(args.get(++i)));
        }
        Files.write(argFile, lines);
        Command.run(List.of(jdkHome.resolve("bin/jpackage").toString(), "@" + argFile), environment, log("jpackage-" + name), JPACKAGE_TIMEOUT);
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private Path log(String name) {
        return workDir.resolve("logs/" + name + ".log");
    }

    private interface Step<T> {
        T run() throws IOException, PackagingException;
    }

    private static <T> T step(String name, Step<T> step) throws IOException, PackagingException {
        long start = System.nanoTime();
        T result = step.run();
        System.err.printf("[deb] %-36s %5.1f s%n", name, (System.nanoTime() - start) / 1e9);
        return result;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
