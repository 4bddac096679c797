package org.watchtray.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command in a test and keeps its exit code and output (stdout and stderr together). */
record Run(List<String> argv, int exit, String output, Duration took) {

    static Run of(Map<String, String> environment, Path directory, String... argv) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " did not finish in 5 minutes");
        }
        return new Run(List.of(argv), process.exitValue(), new String(out, StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
    }

    static Run of(String... argv) throws IOException, InterruptedException {
        return of(Map.of(), null, argv);
    }

    /** A message for a failed assertion: the command, its exit code and what it printed. */
    String describe() {
        return String.join(" ", argv) + " exited " + exit + ":\n" + output;
    }
}
