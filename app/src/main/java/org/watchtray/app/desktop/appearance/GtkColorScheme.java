package org.watchtray.app.desktop.appearance;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.XdgPaths;

/**
 * GTK's own idea of light or dark, for sessions without a desktop portal. Looked at in the
 * order GTK itself honours them:
 * <ol>
 * <li>{@code $GTK_THEME} ("Adwaita:dark", "Name-dark");</li>
 * <li>GSettings {@code org.gnome.desktop.interface color-scheme} ("prefer-dark",
 *     "prefer-light"), when {@code gsettings} is installed;</li>
 * <li>{@code settings.ini} of GTK 4 and 3, the user's and then the system's:
 *     {@code gtk-application-prefer-dark-theme}, or a {@code gtk-theme-name} ending in
 *     {@code -dark};</li>
 * <li>GSettings {@code gtk-theme} ending in {@code -dark}.</li>
 * </ol>
 * Reads files and may run {@code gsettings}: call it off the start-up path.
 */
public final class GtkColorScheme {
    private static final System.Logger LOG = System.getLogger(GtkColorScheme.class.getName());
    private static final String INTERFACE = "org.gnome.desktop.interface";

    private GtkColorScheme() {
    }

    /** What GTK would choose in this environment. */
    public static SchemePreference read(Environment env) {
        SchemePreference theme = env.get("GTK_THEME").map(GtkColorScheme::fromThemeName).orElse(SchemePreference.NONE);
        if (theme != SchemePreference.NONE) {
            return theme;
        }
        SchemePreference gnome = gsettings(env, "color-scheme").map(GtkColorScheme::fromGnomeColorScheme).orElse(SchemePreference.NONE);
        if (gnome != SchemePreference.NONE) {
            return gnome;
        }
        for (Path ini : settingsFiles(env)) {
            try {
                SchemePreference p = fromSettingsIni(Files.readString(ini, StandardCharsets.UTF_8));
                if (p != SchemePreference.NONE) {
                    return p;
                }
            } catch (IOException e) {
                // Absent or unreadable: GTK skips it too.
            }
        }
        return gsettings(env, "gtk-theme").map(GtkColorScheme::fromThemeName).orElse(SchemePreference.NONE);
    }

    /** The settings.ini files GTK reads, most important first. */
    static List<Path> settingsFiles(Environment env) {
        XdgPaths xdg = new XdgPaths(env);
        List<Path> dirs = new ArrayList<>();
        dirs.add(xdg.configHome());
        for (String d : env.get("XDG_CONFIG_DIRS").orElse("/etc/xdg").split(":")) {
            if (!d.isBlank() && Path.of(d).isAbsolute()) {
                dirs.add(Path.of(d));
            }
        }
        List<Path> files = new ArrayList<>();
        for (Path d : dirs) {
            files.add(d.resolve("gtk-4.0/settings.ini"));
            files.add(d.resolve("gtk-3.0/settings.ini"));
        }
        return files;
    }

    /** "Adwaita:dark" or "Adwaita-dark" (any case) is dark; any other name says nothing. */
    static SchemePreference fromThemeName(String name) {
        String n = name.strip().replace("'", "").toLowerCase(Locale.ROOT);
        return n.endsWith(":dark") || n.endsWith("-dark") ? SchemePreference.DARK : SchemePreference.NONE;
    }

    /** GNOME's {@code color-scheme} as gsettings prints it: 'prefer-dark', 'prefer-light' or 'default'. */
    static SchemePreference fromGnomeColorScheme(String value) {
        return switch (value.strip().replace("'", "")) {
            case "prefer-dark" -> SchemePreference.DARK;
            case "prefer-light" -> SchemePreference.LIGHT;
            default -> SchemePreference.NONE;
        };
    }

    /** The {@code [Settings]} group of a GTK settings.ini. */
    static SchemePreference fromSettingsIni(String text) {
        boolean inSettings = false;
        SchemePreference prefer = SchemePreference.NONE;
        SchemePreference theme = SchemePreference.NONE;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                inSettings = line.equals("[Settings]");
                continue;
            }
            int eq = line.indexOf('=');
            if (!inSettings || eq < 0 || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
            switch (key) {
                case "gtk-application-prefer-dark-theme" ->
                        prefer = value.equals("1") || value.equals("true") || value.equals("yes") ? SchemePreference.DARK : SchemePreference.NONE;
                case "gtk-theme-name" -> theme = fromThemeName(value);
                default -> {
                }
            }
        }
        // "prefer dark: false" with a dark theme still gives a dark theme.
        return theme == SchemePreference.DARK ? theme : prefer;
    }

    /** One key of org.gnome.desktop.interface, or empty when gsettings is missing, fails or has no such key. */
    private static Optional<String> gsettings(Environment env, String key) {
        ProcessBuilder pb = new ProcessBuilder("gsettings", "get", INTERFACE, key);
        pb.environment().clear();
        pb.environment().putAll(env.variables());
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(out.strip()) : Optional.empty();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "gsettings is not available: {0}", e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
