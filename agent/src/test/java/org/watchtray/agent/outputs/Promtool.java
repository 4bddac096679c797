package org.watchtray.agent.outputs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code promtool check metrics} (Debian package prometheus) on a textfile: its exit status and what it said. */
public record Promtool(int exit, String output) {
    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    public static Promtool check(String text) throws IOException, InterruptedException {
        if (!Files.isExecutable(PROMTOOL)) {
            throw new IllegalStateException(PROMTOOL + " is missing: bin/install-test-deps installs the prometheus package");
        }
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("promtool did not finish");
        }
        return new Promtool(p.exitValue(), out);
    }

    public boolean clean() {
        return exit == 0 && output.isBlank();
    }
}
