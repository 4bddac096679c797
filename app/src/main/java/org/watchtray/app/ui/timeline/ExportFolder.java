package org.watchtray.app.ui.timeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.watchtray.core.settings.Environment;

/**
 * Where the export file chooser opens: the folder of the last export, else the user's
 * documents folder (XDG user dirs: {@code XDG_DOCUMENTS_DIR} in {@code user-dirs.dirs}, as
 * file managers and GLib read it), else the home folder. Never the process's working
 * directory, which for a tray app is wherever it was started from.
 */
public final class ExportFolder {
    private final Path documents;
    private Path last;

    private ExportFolder(Path documents) {
        this.documents = documents;
    }

    /** The documents folder this environment names, or home. */
    public static ExportFolder of(Environment env) {
        return new ExportFolder(documents(env).filter(Files::isDirectory).orElse(home(env)));
    }

    /** $HOME, as user-dirs.dirs means it; the account's home when it is not set. */
    private static Path home(Environment env) {
        return env.get("HOME").map(Path::of).orElse(env.home());
    }

    /** The folder the chooser opens in now. */
    public Path initial() {
        return last != null && Files.isDirectory(last) ? last : documents;
    }

    /** An export was written to {@code file}: its folder is where the next one starts. */
    public void used(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            last = dir;
        }
    }

    /**
     * {@code XDG_DOCUMENTS_DIR} from the environment, else from {@code $XDG_CONFIG_HOME/user-dirs.dirs}
     * (lines like {@code XDG_DOCUMENTS_DIR="$HOME/Documents"}: a quoted absolute path or one relative to $HOME).
     */
    static Optional<Path> documents(Environment env) {
        Optional<String> direct = env.get("XDG_DOCUMENTS_DIR");
        if (direct.isPresent()) {
            return Optional.of(Path.of(direct.get()));
        }
        Path home = home(env);
        Path config = env.get("XDG_CONFIG_HOME").map(Path::of).orElse(home.resolve(".config"));
        try {
            for (String line : Files.readAllLines(config.resolve("user-dirs.dirs"))) {
                String l = line.strip();
                if (!l.startsWith("XDG_DOCUMENTS_DIR=")) {
                    continue;
                }
                String v = l.substring("XDG_DOCUMENTS_DIR=".length()).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                if (v.startsWith("$HOME/")) {
                    return Optional.of(home.resolve(v.substring("$HOME/".length())));
                }
                if (v.equals("$HOME")) {
                    return Optional.of(home);
                }
                return v.startsWith("/") ? Optional.of(Path.of(v)) : Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            // No user-dirs.dirs (or an unreadable one): the home folder will do.
        }
        return Optional.empty();
    }
}
