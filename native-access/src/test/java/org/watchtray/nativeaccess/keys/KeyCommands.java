package org.watchtray.nativeaccess.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs keyutils' {@code keyctl} (an implementation independent of ours) to change real keys in tests. */
public final class KeyCommands {
    private KeyCommands() {
    }

    /** Runs {@code keyctl ARGS…} and returns its trimmed stdout; a non-zero exit is an AssertionError. */
    public static String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("keyctl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    /** {@code keyctl ARGS…} whose output is a key serial. */
    public static int serial(String... args) throws IOException, InterruptedException {
        return Integer.parseInt(run(args));
    }
}
