package org.watchtray.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The window process is started as the tray was: same java and options, the window's main class in the same place. */
class WindowCommandTest {
    private static final Path SOCKET = Path.of("/run/user/1000/watchtray/windows.sock");

    @Test
    void onTheModulePathTheWindowMainRunsInTheAppModuleWithTheTraysOptions() {
        // What RuntimeMXBean reports for bin/watchtray (java @launch/jvm.options @launch/app.options … --module-path … -m …).
        List<String> tray = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=javafx.graphics,org.watchtray.nativeaccess",
                "-Dprism.order=sw", "--add-exports=javafx.graphics/com.sun.javafx.tk=org.watchtray.app", "-XX:AOTCache=/c/app.aot",
                "-Xlog:class+load=info:file=/tmp/classes.txt", "--module-path=/w/app.jar:/w/lib", "-Djdk.module.main=org.watchtray.app");
        assertEquals(List.of("/jdk/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=javafx.graphics,org.watchtray.nativeaccess", "-Dprism.order=sw",
                "--add-exports=javafx.graphics/com.sun.javafx.tk=org.watchtray.app", "-XX:AOTCache=/c/app.aot", "-XX:TieredStopAtLevel=4",
                "--module-path", "/w/app.jar:/w/lib", "-m", "org.watchtray.app/org.watchtray.app.window.WindowMain",
                "--feed", SOCKET.toString(), "--launched"),
                WindowCommand.of("/jdk/bin/java", tray, List.of("-XX:TieredStopAtLevel=4"), "/w/app.jar:/w/lib", "org.watchtray.app", null,
                        SOCKET, p -> false));
    }

    @Test
    void theWindowProcessMakesItsOwnJitChoiceAfterTheTraysOptions() {
        // launch/window.options, as the app jar carries it, comes after the tray's options, so its choice wins.
        List<String> window = WindowCommand.windowOptions();
        assertTrue(window.contains("-XX:TieredStopAtLevel=1"), window::toString);
        List<String> cmd = WindowCommand.of("/jdk/bin/java", List.of("-XX:TieredStopAtLevel=0", "-Dprism.order=sw"), window, "/w/lib",
                "org.watchtray.app", null, SOCKET, p -> false);
        assertTrue(cmd.lastIndexOf("-XX:TieredStopAtLevel=1") > cmd.indexOf("-XX:TieredStopAtLevel=0"), cmd::toString);
        assertTrue(cmd.lastIndexOf("-XX:TieredStopAtLevel=1") < cmd.indexOf("--module-path"), cmd::toString);
    }

    @Test
    void argumentFileTextIsSplitOnWhiteSpaceAndCommentsAreDropped() {
        assertEquals(List.of("-XX:TieredStopAtLevel=4", "-Da=b", "-XX:ReservedCodeCacheSize=64m"), WindowCommand.parse("""
                # a comment line
                -XX:TieredStopAtLevel=4   -Da=b # the rest of a line
                  # an indented comment

                -XX:ReservedCodeCacheSize=64m
                """));
    }

    @Test
    void onTheClassPathTheWindowMainRunsFromTheSameClassPath() {
        List<String> tray = List.of("--enable-native-access=ALL-UNNAMED", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
                "-XX:AOTCacheOutput=/tmp/train.aot", "-Dwatchtray.home=/w");
        assertEquals(List.of("/jdk/bin/java", "--enable-native-access=ALL-UNNAMED", "-Dwatchtray.home=/w",
                "-cp", "/w/app.jar:/w/lib/a.jar", "org.watchtray.app.window.WindowMain", "--feed", SOCKET.toString(), "--launched"),
                WindowCommand.of("/jdk/bin/java", tray, List.of(), null, null, "/w/app.jar:/w/lib/a.jar", SOCKET, p -> true));
    }

    @Test
    void theWindowsOwnCacheBesideTheTraysReplacesItWhenItExists() {
        List<String> tray = List.of("-XX:+UseSerialGC", "-XX:AOTCache=/opt/watchtray/lib/app/watchtray.aot", "-Dprism.order=sw");
        Path window = Path.of("/opt/watchtray/lib/app/watchtray-window.aot");
        assertEquals(List.of("/jdk/bin/java", "-XX:+UseSerialGC", "-XX:AOTCache=" + window, "-Dprism.order=sw",
                        "--module-path", "/w/lib", "-m", "org.watchtray.app/org.watchtray.app.window.WindowMain",
                        "--feed", SOCKET.toString(), "--launched"),
                WindowCommand.of("/jdk/bin/java", tray, List.of(), "/w/lib", "org.watchtray.app", null, SOCKET, window::equals));
        // Missing (not trained: no display at build time): the tray's cache, as before.
        assertEquals("-XX:AOTCache=/opt/watchtray/lib/app/watchtray.aot",
                WindowCommand.windowCache("-XX:AOTCache=/opt/watchtray/lib/app/watchtray.aot", p -> false));
    }
}
