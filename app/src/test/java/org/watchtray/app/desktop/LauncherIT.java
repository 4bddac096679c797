package org.watchtray.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.desktop.dbus.WatchtrayControl;
import org.watchtray.app.testing.DesktopSession;

/**
 * The real launcher, {@code bin/watchtray}, started as a user starts it on a private desktop
 * (Xvfb, session bus, StatusNotifierWatcher, dunst), with the jars this build just packaged
 * ({@code WATCHTRAY_BUILD=no}: Maven is already building them). The app and its libraries must
 * run as named modules, and JavaFX, once a window opens, must not complain that it was loaded
 * from the unnamed module. The window process gets the window's ahead-of-time cache when one lies
 * beside the tray's, and a broken one neither stops the window nor reaches the terminal. Like the
 * .deb, the launcher points sqlite-jdbc at the native library it took out of the jar, so neither
 * process unpacks one into the temporary directory.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "watchtray").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void theTrayAppRunsAsNamedModulesAndItsWindowOpensWithoutTheUnsupportedJavafxConfigurationWarning() throws Exception {
        try (DesktopSession s = DesktopSession.start(tmp).withX().withWatcher().withDunst(false)) {
            Path out = tmp.resolve("launcher.out");
            Path err = tmp.resolve("launcher.err");
            ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString());
            pb.environment().keySet().removeIf(k -> k.startsWith("XDG_") || k.startsWith("DBUS_") || k.equals("DISPLAY")
                    || k.equals("WAYLAND_DISPLAY") || k.startsWith("WATCHTRAY_"));
            pb.environment().putAll(s.environment());
            pb.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
            pb.environment().put("XDG_STATE_HOME", tmp.resolve("state").toString());
            pb.environment().put("WATCHTRAY_BUILD", "no");
            pb.environment().put("XDG_CONFIG_DIRS", tmp.resolve("etc-xdg").toString());
            // A temporary directory of its own (java.io.tmpdir does not follow TMPDIR): where
            // sqlite-jdbc would unpack its library.
            Path tmpdir = Files.createDirectories(tmp.resolve("tmpdir"));
            pb.environment().put("TMPDIR", tmpdir.toString());
            Path classes = tmp.resolve("classes.txt");
            // A tray cache that is missing and a window cache beside it that is no cache at all (a
            // stale one is refused the same way): the JVM must carry on without them, quietly.
            Path aot = Files.createDirectories(tmp.resolve("aot"));
            Path windowCache = Files.writeString(aot.resolve(WindowCommand.WINDOW_CACHE), "not an AOT cache");
            pb.environment().put("WATCHTRAY_JAVA_OPTS", "-Djava.io.tmpdir=" + tmpdir + " --show-module-resolution -Xlog:class+load=info:file=" + classes
                    + " -XX:AOTCache=" + aot.resolve("watchtray.aot"));
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process app = pb.start();
            try {
                // DesktopMain logs "watchtray is running (N ms after start)" once the app has started
                // (before that, ShowTimeline finds no windows yet).
                assertTrue(DesktopSession.eventually(Duration.ofSeconds(60), () -> readQuietly(err).contains("watchtray is running (")),
                        "the app starts; the launcher said:\n" + read(err));
                s.run(List.of("gdbus", "call", "--address", s.busAddress(), "--dest", WatchtrayControl.BUS_NAME,
                        "--object-path", WatchtrayControl.OBJECT_PATH, "--method", "org.watchtray.Watchtray.ShowTimeline"));
                // JavaFX has started once its window is on screen: any warning of its start-up is written by then.
                assertTrue(DesktopSession.eventually(Duration.ofSeconds(60), () -> windowVisible(s, "watchtray")),
                        "the timeline window opens; the launcher said:\n" + read(err));

                List<String> windowArgs = ProcessHandle.of(app.pid()).orElseThrow().children()
                        .map(p -> p.info().arguments().map(List::of).orElse(List.of()))
                        .filter(a -> a.stream().anyMatch(arg -> arg.endsWith("WindowMain"))).findFirst().orElse(List.of());
                assertTrue(windowArgs.contains("-XX:AOTCache=" + windowCache), "the window process has the window's cache: " + windowArgs);
                assertTrue(windowArgs.stream().anyMatch(a -> a.startsWith("-Dorg.sqlite.lib.path=")) && windowArgs.contains("-Dorg.sqlite.lib.name=libsqlitejdbc.so"),
                        "the window process is pointed at the launcher's SQLite library too: " + windowArgs);
                // Both processes have loaded SQLite's library by now: the tray opened its history before
                // the tray was up, the window process its readers before it built the window.
                try (var files = Files.list(tmpdir)) {
                    assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("sqlite-")).toList(),
                            "sqlite-jdbc unpacked no library into the temporary directory");
                }

                String modules = read(out);
                assertTrue(modules.lines().anyMatch(line -> line.matches("root org\\.watchtray\\.app file:///.*/app/target/app-[^/]*\\.jar")),
                        "the app is the root module, from the app jar:\n" + modules);
                for (String module : List.of("org.watchtray.nativeaccess", "org.watchtray.core", "javafx.graphics", "javafx.controls",
                        "org.freedesktop.dbus", "org.xerial.sqlitejdbc", "info.picocli")) {
                    assertTrue(modules.contains(module + " file:///"), module + " is resolved as a named module from a jar:\n" + modules);
                }
                String log = read(err);
                assertFalse(log.contains("Unsupported JavaFX configuration"), log);
                assertFalse(log.contains("unnamed module"), log);
                assertFalse(log.contains("[aot]") || log.contains("AOT cache"), "nothing about the broken cache on the terminal:\n" + log);
                // FxPulse reaches JavaFX's internals through the launcher's --add-exports/--add-opens.
                assertFalse(log.contains("cannot pause the JavaFX pulse"), log);

                // Up to the tray (the history is opened right after it), with no settings file yet, the
                // start loads no command-line parser, JSON mapper, SQLite, ControlsFX, nor JavaFX's toolkit.
                List<String> loaded = Files.readAllLines(classes);
                int history = indexOf(loaded, " org.watchtray.app.history.HistoryOpener ");
                assertTrue(history > 0, "the history was opened");
                List<String> early = loaded.subList(0, history).stream()
                        .filter(line -> line.matches(".* (picocli|com\\.fasterxml\\.jackson\\.databind|org\\.sqlite|org\\.controlsfx|com\\.sun\\.javafx)\\..*"))
                        .toList();
                assertEquals(List.of(), early, "loaded before the tray was up");
            } finally {
                s.tryRun(List.of("gdbus", "call", "--address", s.busAddress(), "--dest", WatchtrayControl.BUS_NAME,
                        "--object-path", WatchtrayControl.OBJECT_PATH, "--method", "org.watchtray.Watchtray.Quit"));
                if (!app.waitFor(20, TimeUnit.SECONDS)) {
                    app.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
                Path logs = Files.createDirectories(Path.of("target", "launcher-it"));
                for (Path f : List.of(out, err)) {
                    if (Files.exists(f)) {
                        Files.copy(f, logs.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static boolean windowVisible(DesktopSession s, String title) {
        try {
            return s.tryRun(List.of("xdotool", "search", "--onlyvisible", "--name", "^" + title + "$")).exit() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    private static String readQuietly(Path file) {
        try {
            return read(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
