package org.watchtray.app.desktop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.watchtray.app.window.WindowMain;

/**
 * The command line of the window process: this JVM's own java, JVM options and module path (or
 * class path), with {@link WindowMain} as the main class. Derived from the running JVM, so it
 * is right however the tray was started (bin/watchtray, the package's launcher, a test).
 *
 * <p>The one option it changes is the ahead-of-time cache: the tray's ({@code -XX:AOTCache=DIR/watchtray.aot})
 * was trained without JavaFX, so when the window's own cache ({@value #WINDOW_CACHE}, trained on
 * the timeline's first frame by {@link WindowAotTraining}) lies beside it, the window process
 * gets that one. Without it the tray's cache still serves the classes both load.
 *
 * <p>After the tray's options come the window process's own, {@value #WINDOW_OPTIONS} (the
 * checkout's {@code launch/window.options}, which the app jar carries beside this class; a
 * later option wins): its own JIT choice, whatever the tray's (docs/idle.md).
 */
final class WindowCommand {
    /** The window process's ahead-of-time cache: its file name, beside the tray's cache. */
    static final String WINDOW_CACHE = "watchtray-window.aot";
    private static final String AOT_CACHE = "-XX:AOTCache=";
    /** The window process's own JVM options: launch/window.options, a resource beside this class. */
    static final String WINDOW_OPTIONS = "window.options";

    private WindowCommand() {
    }

    static List<String> of(Path socket) {
        return of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), windowOptions(), System.getProperty("jdk.module.path"),
                System.getProperty("jdk.module.main"), System.getProperty("java.class.path"), socket, Files::isRegularFile);
    }

    static List<String> of(String java, List<String> jvmOptions, List<String> windowOptions, String modulePath, String mainModule,
                           String classPath, Path socket, Predicate<Path> exists) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        jvmOptions.stream().filter(WindowCommand::keep).map(o -> windowCache(o, exists)).forEach(cmd::add);
        cmd.addAll(windowOptions);
        if (modulePath != null && mainModule != null) {
            cmd.addAll(List.of("--module-path", modulePath, "-m", mainModule + "/" + WindowMain.class.getName()));
        } else {
            cmd.addAll(List.of("-cp", classPath, WindowMain.class.getName()));
        }
        cmd.addAll(List.of(WindowMain.FEED, socket.toString(), WindowMain.LAUNCHED));
        return List.copyOf(cmd);
    }

    /** The window process's own options ({@value #WINDOW_OPTIONS}); a build without the file is broken, so it throws. */
    static List<String> windowOptions() {
        try (InputStream in = WindowCommand.class.getResourceAsStream(WINDOW_OPTIONS)) {
            if (in == null) {
                throw new IllegalStateException(WINDOW_OPTIONS + " is missing from the app's jar (launch/window.options)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + WINDOW_OPTIONS, e);
        }
    }

    /** The options in a java argument file without quoting: words separated by white space, {@code #} to the end of the line a comment. */
    static List<String> parse(String text) {
        List<String> options = new ArrayList<>();
        for (String line : text.split("\n")) {
            int comment = line.indexOf('#');
            for (String word : (comment < 0 ? line : line.substring(0, comment)).strip().split("\\s+")) {
                if (!word.isEmpty()) {
                    options.add(word);
                }
            }
        }
        return List.copyOf(options);
    }

    /** The tray's cache option turned into the window's, when the window's cache exists. */
    static String windowCache(String option, Predicate<Path> exists) {
        if (!option.startsWith(AOT_CACHE)) {
            return option;
        }
        Path window = Path.of(option.substring(AOT_CACHE.length())).resolveSibling(WINDOW_CACHE);
        return exists.test(window) ? AOT_CACHE + window : option;
    }

    /**
     * Whether an option of the tray's JVM is one for the window's too. Left out: where the main
     * class comes from (given anew), a debugger's agent (its port is the tray's), the options of
     * an ahead-of-time training run (the window process must not write the cache), and a JVM log
     * written to a file (it is the tray's; the window process would truncate it).
     */
    static boolean keep(String option) {
        return !(option.startsWith("--module-path") || option.startsWith("-Djdk.module.main") || option.startsWith("-Djava.class.path")
                || option.startsWith("-agentlib:jdwp") || option.startsWith("-XX:AOTCacheOutput") || option.startsWith("-XX:AOTMode")
                || option.startsWith("-XX:AOTConfiguration") || (option.startsWith("-Xlog") && option.contains("file=")));
    }
}
