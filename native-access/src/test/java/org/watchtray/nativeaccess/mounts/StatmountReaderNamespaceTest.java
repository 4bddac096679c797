package org.watchtray.nativeaccess.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.watchtray.nativeaccess.mounts.MountScenarioMain.Shell;

/**
 * A fanotify event can arrive after the wakeup its change caused was handled, and then rides
 * along with the next one. Such a stale hint names a mount that has not changed; it must not
 * make the reader think the wakeup is explained and skip the look that finds a move under the
 * same parent (which no number shows).
 */
class StatmountReaderNamespaceTest {

    @BeforeAll
    static void namespaces() throws Exception {
        PrivateMountNamespace.assumeNamespacesWork();
    }

    @Test
    void aStaleFanotifyHintDoesNotHideAMoveUnderTheSameParent() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "wt-stale-");
        try {
            String from = Files.createDirectories(dir.resolve("from here")).toString();
            String to = Files.createDirectories(dir.resolve("to there")).toString();
            List<String> cmd = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private", "bash", "-c",
                    "mount -t tmpfs stale " + Shell.quote(from) + " && exec " + String.join(" ",
                            PrivateMountNamespace.javaCommand(StaleHintMain.class).stream().map(Shell::quote).toList())
                            + " " + Shell.quote(from) + " " + Shell.quote(to)));
            Process p = new ProcessBuilder(cmd).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), err);
            assertEquals("MOVED " + to + "\n", out);
        } finally {
            for (String d : List.of("from here", "to there", "")) {
                Files.deleteIfExists(dir.resolve(d));
            }
        }
    }
}
