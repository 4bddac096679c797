package org.watchtray.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options of the packaged launchers, from the checkout's {@code launch/} directory (a
 * resource of this module, {@code /launch/*.options}), which {@code bin/watchtray} reads too:
 * {@code jvm.options} for every process, then {@code app.options} or {@code agent.options};
 * {@code window.options} are the window process's, after the tray's (the app's WindowCommand
 * reads them from its jar; here they serve the window cache's training run).
 * The files are java argument files without quoting: options separated by white space, a
 * {@code #} comments out the rest of its line.
 */
final class LaunchOptions {
    private LaunchOptions() {
    }

    /** The tray app's and the CLI's options. */
    static List<String> app() {
        return concat(read("jvm.options"), read("app.options"));
    }

    /** The window process's own options, which it takes after the tray app's. */
    static List<String> window() {
        return read("window.options");
    }

    /** watchtray-agent's options. */
    static List<String> agent() {
        return concat(read("jvm.options"), read("agent.options"));
    }

    /** The options in one argument file's text. */
    static List<String> parse(String text) {
        List<String> options = new ArrayList<>();
        for (String line : text.split("\n")) {
            int comment = line.indexOf('#');
            String content = comment < 0 ? line : line.substring(0, comment);
            for (String word : content.strip().split("\\s+")) {
                if (!word.isEmpty()) {
                    options.add(word);
                }
            }
        }
        return List.copyOf(options);
    }

    private static List<String> read(String file) {
        try (InputStream in = DebStage.resource("launch/" + file).openStream()) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("reading launch/" + file, e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
