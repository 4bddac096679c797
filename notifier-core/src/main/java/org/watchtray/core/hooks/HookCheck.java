package org.watchtray.core.hooks;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this process may run a hook's command: an absolute path (hooks never search PATH, so
 * what runs is what the file names), an existing regular file, executable by this user. Checked
 * when settings are loaded (a settings problem names the hook) and before every run.
 */
public final class HookCheck {
    private HookCheck() {
    }

    /** Why the hook cannot run here, in a sentence for the user; empty when it can. */
    public static Optional<String> problem(HookSpec hook) {
        String program = hook.command().getFirst();
        Path p;
        try {
            p = Path.of(program);
        } catch (InvalidPathException e) {
            return Optional.of("hook '" + hook.name() + "': \"" + program + "\" is not a valid path");
        }
        if (!p.isAbsolute()) {
            return Optional.of("hook '" + hook.name() + "': the command must be an absolute path such as /usr/local/bin/"
                    + p.getFileName() + ", not \"" + program + "\" (hooks do not search PATH)");
        }
        if (!Files.exists(p)) {
            return Optional.of("hook '" + hook.name() + "': " + program + " does not exist");
        }
        if (!Files.isRegularFile(p)) {
            return Optional.of("hook '" + hook.name() + "': " + program + " is not a regular file");
        }
        if (!Files.isExecutable(p)) {
            return Optional.of("hook '" + hook.name() + "': " + program + " is not executable by this user");
        }
        return Optional.empty();
    }
}
