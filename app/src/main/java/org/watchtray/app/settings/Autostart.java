package org.watchtray.app.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.watchtray.core.settings.XdgPaths;

/**
 * Start on login through the XDG autostart directory (draft spec): enabling writes
 * {@code $XDG_CONFIG_HOME/autostart/watchtray.desktop}; disabling removes it, or, when a system
 * entry of the same name exists under {@code $XDG_CONFIG_DIRS/autostart} (a package installed
 * one), writes a user entry with {@code Hidden=true}, which is how the spec masks it.
 */
public final class Autostart {
    private final Path userEntry;
    private final Path systemEntry;
    private final String launcher;

    /** @param launcher absolute path (or PATH name) of the {@code watchtray} launcher */
    public Autostart(XdgPaths paths, String launcher) {
        this.userEntry = paths.autostartFile();
        this.systemEntry = paths.systemConfigDir().resolve("autostart").resolve(userEntry.getFileName());
        this.launcher = launcher;
    }

    public Path entry() {
        return userEntry;
    }

    /** Whether the session will start watchtray at login, as the desktop would decide it. */
    public boolean isEnabled() {
        Path effective = Files.exists(userEntry) ? userEntry : systemEntry;
        try {
            List<String> lines = Files.readAllLines(effective, StandardCharsets.UTF_8);
            return lines.stream().map(String::strip).noneMatch(l -> l.equalsIgnoreCase("Hidden=true")
                    || l.equalsIgnoreCase("X-GNOME-Autostart-enabled=false"));
        } catch (IOException e) {
            return false;
        }
    }

    public void set(boolean enabled) throws IOException {
        if (enabled) {
            AtomicFile.write(userEntry, entry(false).getBytes(StandardCharsets.UTF_8));
        } else if (Files.exists(systemEntry)) {
            AtomicFile.write(userEntry, entry(true).getBytes(StandardCharsets.UTF_8));
        } else {
            Files.deleteIfExists(userEntry);
        }
    }

    private String entry(boolean hidden) {
        return "[Desktop Entry]\n"
                + "Type=Application\n"
                + "Name=watchtray\n"
                + org.watchtray.app.text.DesktopEntryText.lines("Comment", "autostart.comment")
                + "Exec=" + execArgument(launcher) + "\n"
                + "Icon=org.watchtray.Watchtray\n"
                + "Terminal=false\n"
                + "NoDisplay=true\n"
                + "X-GNOME-Autostart-enabled=" + !hidden + "\n"
                + (hidden ? "Hidden=true\n" : "");
    }

    /**
     * Quotes a path for {@code Exec=} (desktop entry spec): inside double quotes {@code " ` $ \}
     * are backslash-escaped, and then every backslash is doubled once more because the whole
     * value is a desktop-entry string.
     */
    static String execArgument(String path) {
        boolean plain = path.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/._-+".indexOf(c) >= 0);
        if (plain) {
            return path;
        }
        StringBuilder q = new StringBuilder("\"");
        for (char c : path.toCharArray()) {
            if (c == '"' || c == '`' || c == '$' || c == '\\') {
                q.append('\\');
            }
            if (c == '%') {
                q.append('%');
            }
            q.append(c);
        }
        return q.append('"').toString().replace("\\", "\\\\");
    }
}
