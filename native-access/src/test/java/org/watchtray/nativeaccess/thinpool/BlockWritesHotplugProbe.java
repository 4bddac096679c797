package org.watchtray.nativeaccess.thinpool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.watchtray.core.os.Libc;
import org.watchtray.core.thinpool.BlockWrites;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * Run by {@link PerfBlockWritesTest} in a mount namespace of its own with tracefs mounted there:
 * the block-layer signal across CPU 1 going offline and coming back (what every suspend and
 * resume does to all but the boot CPU). args: the watched loop node, its "major:minor". Prints
 * one line per step; CPU 1 is brought back online whatever happens.
 */
public final class BlockWritesHotplugProbe {
    static final Path CPU1 = Path.of("/sys/devices/system/cpu/cpu1/online");

    private BlockWritesHotplugProbe() {
    }

    public static void main(String[] args) throws Exception {
        NativeAccess nativeAccess = NativeAccess.linux();
        Libc libc = nativeAccess.libc();
        String node = args[0];
        Set<String> devices = Set.of(args[1]);
        try (BlockWrites before = nativeAccess.blockWrites().open(devices)) {
            int beforeEp = BlockWritesProbe.epoll(libc, before);
            before.enable();
            before.drain();
            Thread.sleep(20);
            System.out.println("stale while whole " + before.stale());
            try {
                Files.writeString(CPU1, "0");
            } finally {
                Files.writeString(CPU1, "1");
            }
            // A while with CPU 1 back, as between two looks: its event stayed off for most of the interval.
            Thread.sleep(300);
            System.out.println("stale after CPU 1 went offline and back " + before.stale());

            try (BlockWrites again = nativeAccess.blockWrites().open(devices)) {
                int againEp = BlockWritesProbe.epoll(libc, again);
                again.enable();
                again.drain();
                before.drain();
                // O_DIRECT from a process kept on CPU 1: the bio is queued there, in dd's context.
                Process dd = new ProcessBuilder("taskset", "-c", "1", "dd", "if=/dev/zero", "of=" + node, "bs=4096", "count=1", "seek=4",
                        "oflag=direct", "conv=fsync,notrunc").redirectErrorStream(true).start();
                String out = new String(dd.getInputStream().readAllBytes());
                if (dd.waitFor() != 0) {
                    System.out.println("dd failed: " + out);
                }
                boolean reopened = BlockWritesProbe.readable(libc, againEp, 10_000);
                boolean old = BlockWritesProbe.readable(libc, beforeEp, 0) | before.drain();
                System.out.println("written on CPU 1: opened before " + old + ", opened again " + reopened);
                Thread.sleep(20);
                System.out.println("stale once opened again " + again.stale());
            }
        } finally {
            if (!Files.readString(CPU1).trim().equals("1")) {
                Files.writeString(CPU1, "1");
            }
        }
    }
}
