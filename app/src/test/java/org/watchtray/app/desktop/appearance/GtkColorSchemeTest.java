package org.watchtray.app.desktop.appearance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.settings.Environment;

/**
 * GTK's light/dark choice without a portal: GTK_THEME, GSettings (the real {@code gsettings}
 * on a private key-file backend) and settings.ini files in a private config directory.
 */
class GtkColorSchemeTest {
    @TempDir
    Path home;

    private Map<String, String> vars() {
        Map<String, String> v = new HashMap<>();
        v.put("PATH", System.getenv("PATH"));
        v.put("HOME", home.toString());
        v.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        v.put("XDG_CONFIG_DIRS", home.resolve("etc-xdg").toString());
        // A private GSettings store: the key file under XDG_CONFIG_HOME, never the machine's dconf.
        v.put("GSETTINGS_BACKEND", "keyfile");
        return v;
    }

    private Environment env(Map<String, String> vars) {
        return new Environment(vars, home);
    }

    private void ini(String dir, String text) throws IOException {
        Path f = home.resolve(dir).resolve("settings.ini");
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    private void gsettings(Map<String, String> vars, String key, String value) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("gsettings", "set", "org.gnome.desktop.interface", key, value).redirectErrorStream(true);
        pb.environment().putAll(vars);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void settingsIniSaysDarkByPreferenceOrByTheThemeName() {
        assertEquals(SchemePreference.DARK, GtkColorScheme.fromSettingsIni("[Settings]\ngtk-application-prefer-dark-theme=1\n"));
        assertEquals(SchemePreference.DARK, GtkColorScheme.fromSettingsIni("[Settings]\ngtk-application-prefer-dark-theme = true\n"));
        assertEquals(SchemePreference.DARK, GtkColorScheme.fromSettingsIni("[Settings]\ngtk-theme-name=Arc-Dark\n"));
        assertEquals(SchemePreference.DARK, GtkColorScheme.fromSettingsIni(
                "[Settings]\ngtk-application-prefer-dark-theme=false\ngtk-theme-name=Adwaita-dark\n"), "a dark theme is dark");
        assertEquals(SchemePreference.NONE, GtkColorScheme.fromSettingsIni("[Settings]\ngtk-theme-name=Adwaita\n"));
        assertEquals(SchemePreference.NONE, GtkColorScheme.fromSettingsIni("[Other]\ngtk-application-prefer-dark-theme=1\n"),
                "only the [Settings] group counts");
        assertEquals(SchemePreference.NONE, GtkColorScheme.fromSettingsIni("[Settings]\n# gtk-application-prefer-dark-theme=1\n"));
        assertEquals(SchemePreference.DARK, GtkColorScheme.fromThemeName("Adwaita:dark"));
        assertEquals(SchemePreference.DARK, GtkColorScheme.fromThemeName("'Yaru-dark'"), "as gsettings prints it");
        assertEquals(SchemePreference.NONE, GtkColorScheme.fromThemeName("Darkness"));
    }

    @Test
    void theUsersSettingsIniComesBeforeTheSystemsAndGtk4BeforeGtk3() throws Exception {
        assertEquals(SchemePreference.NONE, GtkColorScheme.read(env(vars())), "nothing set anywhere");
        ini("etc-xdg/gtk-3.0", "[Settings]\ngtk-theme-name=Adwaita-dark\n");
        assertEquals(SchemePreference.DARK, GtkColorScheme.read(env(vars())), "the system's file");
        ini("config/gtk-3.0", "[Settings]\ngtk-application-prefer-dark-theme=0\n");
        assertEquals(SchemePreference.DARK, GtkColorScheme.read(env(vars())), "a user file without a dark hint leaves the system's");
        ini("config/gtk-4.0", "[Settings]\ngtk-application-prefer-dark-theme=1\n");
        assertEquals(SchemePreference.DARK, GtkColorScheme.read(env(vars())));
        assertEquals(List.of(home.resolve("config/gtk-4.0/settings.ini"), home.resolve("config/gtk-3.0/settings.ini"),
                home.resolve("etc-xdg/gtk-4.0/settings.ini"), home.resolve("etc-xdg/gtk-3.0/settings.ini")),
                GtkColorScheme.settingsFiles(env(vars())));
    }

    @Test
    void gtkThemeInTheEnvironmentWins() throws Exception {
        Map<String, String> v = vars();
        gsettings(v, "color-scheme", "prefer-light");
        v.put("GTK_THEME", "Adwaita:dark");
        assertEquals(SchemePreference.DARK, GtkColorScheme.read(env(v)));
    }

    @Test
    void gnomesColorSchemeInGsettingsComesBeforeSettingsIni() throws Exception {
        Map<String, String> v = vars();
        ini("config/gtk-3.0", "[Settings]\ngtk-application-prefer-dark-theme=1\n");
        gsettings(v, "color-scheme", "prefer-light");
        assertEquals(SchemePreference.LIGHT, GtkColorScheme.read(env(v)));
        gsettings(v, "color-scheme", "prefer-dark");
        Files.delete(home.resolve("config/gtk-3.0/settings.ini"));
        assertEquals(SchemePreference.DARK, GtkColorScheme.read(env(v)));
        gsettings(v, "color-scheme", "default");
        gsettings(v, "gtk-theme", "Adwaita-dark");
        assertEquals(SchemePreference.DARK, GtkColorScheme.read(env(v)), "GNOME's theme name, last");
    }

    @Test
    void withoutGsettingsOnThePathTheFilesStillCount() throws Exception {
        Map<String, String> v = vars();
        v.put("PATH", home.resolve("empty-bin").toString());
        ini("config/gtk-3.0", "[Settings]\ngtk-application-prefer-dark-theme=1\n");
        assertEquals(SchemePreference.DARK, GtkColorScheme.read(env(v)));
    }
}
