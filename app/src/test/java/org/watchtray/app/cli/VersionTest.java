package org.watchtray.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.watchtray.core.settings.Environment;
import picocli.CommandLine;

/** {@code watchtray --version}: the real version and the commit the build was made from. */
class VersionTest {

    private static String git(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("git"));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void versionPrintsTheProjectVersionAndTheCommitOfThisBuild() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = WatchtrayCommand.commandLine(new CliContext(new Environment(Map.of(), java.nio.file.Path.of("/nonexistent")),
                Clock.systemUTC(), null), args -> 0);
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--version"));
        String line = out.toString().strip();
        // The test checks against git; watchtray itself read the commit from its build.
        String commit = git("rev-parse", "--short=12", "HEAD");
        assertTrue(line.matches("watchtray \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit " + commit + "\\)"), line);
    }

    @Test
    void whatTheBuildDidNotRecordIsSaidNotGuessed() {
        assertEquals("watchtray 1.2.0 (commit unknown)", WatchtrayCommand.Version.describe(
                new ByteArrayInputStream("version=1.2.0\ncommit=unknown\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals("watchtray (version unknown: not built by Maven)", WatchtrayCommand.Version.describe(
                new ByteArrayInputStream("version=${project.version}\ncommit=${buildNumber}\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals("watchtray (version unknown: not built by Maven)", WatchtrayCommand.Version.describe(null));
    }
}
