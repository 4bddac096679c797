package org.watchtray.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {
    @Test
    void argumentFileTextIsSplitOnWhiteSpaceAndCommentsAreDropped() {
        assertEquals(List.of("-XX:+UseSerialGC", "-Da=b", "--enable-native-access=x,y"), LaunchOptions.parse("""
                # a comment line
                -XX:+UseSerialGC   -Da=b # the rest of a line
                  # an indented comment

                --enable-native-access=x,y
                """));
    }

    @Test
    void thisJdkAcceptsTheAppsTheWindowProcesssAndTheAgentsOptionsWithoutAWord() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> window = new ArrayList<>(LaunchOptions.app());
        window.addAll(LaunchOptions.window());
        for (List<String> options : List.of(LaunchOptions.app(), LaunchOptions.agent(), window)) {
            List<String> argv = new ArrayList<>(List.of(java));
            // Options naming the app's modules (native access, exports to it) need its module path; -version resolves none.
            options.stream().filter(o -> !o.startsWith("--enable-native-access") && !o.startsWith("--add-")).forEach(argv::add);
            argv.add("-version");
            Run run = Run.of(argv.toArray(String[]::new));
            assertEquals(0, run.exit(), run.describe());
            assertTrue(run.output().lines().allMatch(line -> line.startsWith("openjdk version") || line.startsWith("OpenJDK")),
                    "no warning about an unknown, obsolete or locked option: " + run.describe());
        }
        assertTrue(LaunchOptions.app().contains("--enable-native-access=javafx.graphics,org.watchtray.nativeaccess,org.xerial.sqlitejdbc"),
                LaunchOptions.app()::toString);
        assertTrue(LaunchOptions.window().contains("-XX:TieredStopAtLevel=1"), LaunchOptions.window()::toString);
        assertTrue(LaunchOptions.agent().contains("--enable-native-access=org.watchtray.nativeaccess"), LaunchOptions.agent()::toString);
    }
}
