package org.watchtray.app.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A read-only view of a directory, as a user sees one on a filesystem mounted read-only: a
 * helper process in a private mount namespace bind-mounts the directory read-only over itself,
 * and {@code /proc/<pid>/root} lets this JVM reach that namespace's view. Writes through
 * {@link #path()} fail with EROFS; the host's view of the directory is untouched. Needs root
 * (CAP_SYS_ADMIN for the mount), which the test machines give.
 */
public final class ReadOnlyView implements AutoCloseable {
    private final Process helper;
    private final Path view;

    public ReadOnlyView(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        helper = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount --bind -o ro \"$1\" \"$1\" && echo ready && exec sleep infinity", "sh", abs.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(helper.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            if (!"ready".equals(line)) {
                close();
                throw new IOException("could not make a read-only view of " + abs + ": " + line);
            }
        }
        view = Path.of("/proc/" + helper.pid() + "/root").resolve(abs.toString().substring(1));
    }

    /** {@code dir} as seen through the read-only mount. */
    public Path path() {
        return view;
    }

    @Override
    public void close() {
        helper.destroy();
        try {
            helper.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
