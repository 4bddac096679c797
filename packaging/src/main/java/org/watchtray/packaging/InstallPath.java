package org.watchtray.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command with a package's application directory (from a staging tree or a throwaway
 * install root) mounted where the package installs it, {@code /opt/watchtray}, in a private
 * mount namespace: an empty tmpfs over {@code /opt}, the directory bound onto
 * {@code /opt/watchtray}. This machine's {@code /opt} is not touched. Needed because the
 * ahead-of-time cache records the absolute paths of the module path it was trained with.
 */
final class InstallPath {
    static final String APP_DIR = "/" + InstallLayout.APP_DIR;

    private InstallPath() {
    }

    /** The argv that runs {@code command} with {@code appDir} seen at {@link #APP_DIR}. */
    static List<String> command(Path appDir, List<String> command) throws IOException {
        Path opt = Path.of(APP_DIR).getParent();
        List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private"));
        if (!"0".equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString())) {
            argv.add(1, "--map-root-user"); // an unprivileged user gets mount rights in a user namespace
        }
        argv.addAll(List.of("sh", "-c",
                "mount -t tmpfs watchtray-opt " + opt + " && mkdir " + APP_DIR + " && mount --bind \"$0\" " + APP_DIR + " && exec \"$@\"",
                appDir.toAbsolutePath().toString()));
        argv.addAll(command);
        return argv;
    }
}
