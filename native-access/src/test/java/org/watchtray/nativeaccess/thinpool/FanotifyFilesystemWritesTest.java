package org.watchtray.nativeaccess.thinpool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin pools' filesystem write signal on this host's kernel: fanotify with FAN_REPORT_FID
 * and a FAN_MARK_FILESYSTEM mark, on a tmpfs that only a private mount namespace sees
 * ({@code unshare -m}), so every event is ours and a quiet filesystem can be asserted quiet.
 */
class FanotifyFilesystemWritesTest {

    @Test
    void aMarkedFilesystemSignalsWritesAndDirectoryChangesAnywhereOnItAndNothingElse(@TempDir Path dir) throws Exception {
        Path mnt = Files.createDirectories(dir.resolve("fs"));
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        String script = "mount -t tmpfs -o size=4m tmpfs \"$1\" && exec \"$2\" --enable-native-access=ALL-UNNAMED -cp \"$3\" "
                + FilesystemWritesProbe.class.getName() + " \"$1\"";
        Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh", mnt.toString(), java,
                System.getProperty("java.class.path")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe did not end");
        Assumptions.assumeFalse(out.contains("unshare failed") || out.contains("mount: ") && out.contains("permission denied"),
                "no private mount namespace here: " + out);
        assertEquals(0, p.exitValue(), out);
        assertEquals(List.of("fresh false", "written true", "again false", "flood true", "read x false", "mkdir true"),
                out.lines().toList(), "a write, a flood (drained at once), a read (nothing), a new directory");
    }
}
