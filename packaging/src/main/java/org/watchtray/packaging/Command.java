package org.watchtray.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one external tool to completion, its output kept in a log file, failing with the log's tail. */
final class Command {
    private static final int TAIL_LINES = 25;

    private Command() {
    }

    /** Runs {@code argv}; returns its output (stdout and stderr interleaved). */
    static String run(List<String> argv, Map<String, String> environment, Path log, Duration timeout) throws PackagingException {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        String name = Path.of(argv.getFirst()).getFileName().toString();
        try {
            Files.createDirectories(log.getParent());
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new PackagingException(name + " did not finish within " + timeout.toSeconds() + " s; its output is in " + log);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new PackagingException(name + " failed (exit " + process.exitValue() + "); last lines of " + log + ":\n" + tail(output));
            }
            return output;
        } catch (IOException e) {
            throw new PackagingException("could not run " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PackagingException(name + " was interrupted", e);
        }
    }

    static String run(List<String> argv, Path log, Duration timeout) throws PackagingException {
        return run(argv, Map.of(), log, timeout);
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }
}
