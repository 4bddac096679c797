package org.watchtray.core.settings;

import java.nio.file.Path;

/**
 * XDG Base Directory locations (spec 0.8): a variable is used only when it holds an absolute
 * path; otherwise the spec's default under the home directory applies.
 */
public record XdgPaths(Environment env) {

    public Path configHome() {
        return dir("XDG_CONFIG_HOME", ".config");
    }

    public Path stateHome() {
        return dir("XDG_STATE_HOME", ".local/state");
    }

    public Path dataHome() {
        return dir("XDG_DATA_HOME", ".local/share");
    }

    public Path cacheHome() {
        return dir("XDG_CACHE_HOME", ".cache");
    }

    /** {@code $XDG_RUNTIME_DIR}, or null when the session has none. */
    public Path runtimeDir() {
        return env.get("XDG_RUNTIME_DIR").map(Path::of).filter(Path::isAbsolute).orElse(null);
    }

    /** The first entry of {@code $XDG_CONFIG_DIRS} (default /etc/xdg), where admin defaults live. */
    public Path systemConfigDir() {
        return env.get("XDG_CONFIG_DIRS")
                .map(v -> v.split(":")[0])
                .map(Path::of)
                .filter(Path::isAbsolute)
                .orElse(Path.of("/etc/xdg"));
    }

    public Path settingsFile() {
        return configHome().resolve("watchtray/settings.json");
    }

    public Path adminSettingsFile() {
        return systemConfigDir().resolve("watchtray/settings.json");
    }

    public Path historyFile() {
        return stateHome().resolve("watchtray/history.db");
    }

    public Path autostartFile() {
        return configHome().resolve("autostart/watchtray.desktop");
    }

    private Path dir(String variable, String fallback) {
        return env.get(variable).map(Path::of).filter(Path::isAbsolute).orElse(env.home().resolve(fallback));
    }
}
