package org.watchtray.nativeaccess.thinpool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin pools' block-layer write signal on this host's kernel: perf events on
 * {@code block:block_bio_queue} filtered to one loop device. tracefs is mounted in a private
 * mount namespace only ({@code unshare -m}), never on the host's. Three loop devices: the one
 * watched, a barrier (written after a step that must not fire the watched one, whose own signal
 * must fire), and one with ext4 on it, written through a shared mmap only (which no fsnotify
 * event shows).
 */
class PerfBlockWritesTest {
    private final List<String> loops = new ArrayList<>();

    @Test
    void writesToTheWatchedDeviceFireItAndNothingElseDoesEvenThroughMmap(@TempDir Path dir) throws Exception {
        String watched = loop(dir, "watched", 8);
        String barrier = loop(dir, "barrier", 8);
        String ext4 = loop(dir, "ext4", 32);
        Path mnt = Files.createDirectories(dir.resolve("mnt"));
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        String script = """
                set -e
                mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing
                mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$4" >/dev/null
                mount "$4" "$5"
                head -c 65536 /dev/zero > "$5/mapped"
                sync
                exec "$6" --enable-native-access=ALL-UNNAMED -cp "$7" %s "$1" "$(number "$1")" "$2" "$(number "$2")" "$(number "$4")" "$5/mapped"
                """.formatted(BlockWritesProbe.class.getName())
                .replace("set -e\n", "set -e\nnumber() { echo $(( 0x$(stat -c %t \"$1\") )):$(( 0x$(stat -c %T \"$1\") )); }\n");
        Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh", watched, barrier, "unused",
                ext4, mnt.toString(), java, System.getProperty("java.class.path")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe did not end");
        Assumptions.assumeFalse(out.contains("unshare failed") || out.contains("tracefs") && out.contains("unknown filesystem type"),
                "no private mount namespace or no tracefs here: " + out);
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertEquals(List.of(
                "barrier fired true", "watched after barrier false false",
                "watched written true true", "drained false false",
                "read then barrier true watched false",
                "disabled then barrier true watched false",
                "mmap written true"), lines.subList(1, lines.size()), out);
        assertEquals(true, lines.get(0).startsWith("filter (dev == ") && lines.get(0).endsWith(" && rwbs ~ \"*W*\""), lines.get(0));
    }

    /**
     * A suspend takes every CPU but the boot one offline and brings them back at resume; perf
     * leaves a per-CPU event whose CPU went away off for good, saying nothing. The signal says
     * it is stale then, and opened again it sees a write queued on that CPU, which the old one
     * misses. Takes CPU 1 offline for a moment (root; skipped where CPUs cannot be hot-plugged).
     */
    @Test
    void afterACpuWentOfflineAndCameBackTheSignalSaysItIsStaleAndOpenedAgainSeesWritesThere(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2 && Files.isWritable(BlockWritesHotplugProbe.CPU1),
                "CPU 1 cannot be taken offline here (one CPU, or no CPU hotplug)");
        String watched = loop(dir, "hotplug", 8);
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        String script = """
                set -e
                number() { echo $(( 0x$(stat -c %%t "$1") )):$(( 0x$(stat -c %%T "$1") )); }
                mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing
                exec "$2" --enable-native-access=ALL-UNNAMED -cp "$3" %s "$1" "$(number "$1")"
                """.formatted(BlockWritesHotplugProbe.class.getName());
        Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh", watched, java,
                System.getProperty("java.class.path")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe did not end");
        Assumptions.assumeFalse(out.contains("unshare failed") || out.contains("tracefs") && out.contains("unknown filesystem type"),
                "no private mount namespace or no tracefs here: " + out);
        assertEquals("1", Files.readString(BlockWritesHotplugProbe.CPU1).trim(), "CPU 1 is back online");
        assertEquals(0, p.exitValue(), out);
        assertEquals(List.of("stale while whole false", "stale after CPU 1 went offline and back true",
                "written on CPU 1: opened before false, opened again true", "stale once opened again false"), out.lines().toList(), out);
    }

    /** A loop device over a new file of {@code mib} MiB; detached after the test. */
    private String loop(Path dir, String name, int mib) throws Exception {
        Path file = dir.resolve(name + ".img");
        try (var f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(mib * 1024L * 1024L);
        }
        Process p = new ProcessBuilder("losetup", "-f", "--show", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        Assumptions.assumeTrue(p.waitFor() == 0 && out.startsWith("/dev/loop"), "no loop device here: " + out);
        loops.add(out);
        return out;
    }

    @AfterEach
    void detach() throws Exception {
        for (String loop : loops) {
            new ProcessBuilder("losetup", "-d", loop).inheritIO().start().waitFor();
        }
    }
}
