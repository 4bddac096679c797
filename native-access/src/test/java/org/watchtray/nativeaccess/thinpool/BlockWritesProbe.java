package org.watchtray.nativeaccess.thinpool;

import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.watchtray.core.os.Libc;
import org.watchtray.core.thinpool.BlockWrites;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * Run by {@link PerfBlockWritesTest} in a mount namespace of its own with tracefs mounted there:
 * watches loop devices and prints what the signal says after each step. args: watched node,
 * its "major:minor", the barrier node, its "major:minor", the ext4 node's "major:minor", a file
 * on that ext4 (already written and synced).
 *
 * <p>Negative checks use a barrier: a write to the other device, whose own signal must fire;
 * the tracepoint fires in the writer's context when the bio is queued, before fsync returns, so
 * once the barrier's signal is readable a wrongly matched write would be in the watched ring too.
 */
public final class BlockWritesProbe {
    private BlockWritesProbe() {
    }

    public static void main(String[] args) throws Exception {
        NativeAccess nativeAccess = NativeAccess.linux();
        Libc libc = nativeAccess.libc();
        Path watchedNode = Path.of(args[0]);
        Path barrierNode = Path.of(args[2]);
        try (BlockWrites watched = nativeAccess.blockWrites().open(Set.of(args[1]));
             BlockWrites barrier = nativeAccess.blockWrites().open(Set.of(args[3]));
             BlockWrites ext4 = nativeAccess.blockWrites().open(Set.of(args[4]))) {
            System.out.println("filter " + ((PerfBlockWrites) watched).filter());
            int watchedEp = epoll(libc, watched);
            int barrierEp = epoll(libc, barrier);
            int ext4Ep = epoll(libc, ext4);
            watched.enable();
            barrier.enable();
            watched.drain();
            barrier.drain();
            writeAndSync(barrierNode);
            System.out.println("barrier fired " + readable(libc, barrierEp, 10_000));
            System.out.println("watched after barrier " + watched.drain() + " " + readable(libc, watchedEp, 0));
            barrier.drain();

            writeAndSync(watchedNode);
            System.out.println("watched written " + readable(libc, watchedEp, 10_000) + " " + watched.drain());
            System.out.println("drained " + readable(libc, watchedEp, 0) + " " + watched.drain());

            Process read = new ProcessBuilder("dd", "if=" + watchedNode, "of=/dev/null", "bs=4096", "count=16", "iflag=direct")
                    .redirectErrorStream(true).start();
            read.getInputStream().readAllBytes();
            writeAndSync(barrierNode);
            System.out.println("read then barrier " + readable(libc, barrierEp, 10_000) + " watched " + watched.drain());
            barrier.drain();

            watched.disable();
            writeAndSync(watchedNode);
            writeAndSync(barrierNode); // barrier is enabled: its firing shows the writes were queued
            System.out.println("disabled then barrier " + readable(libc, barrierEp, 10_000) + " watched " + watched.drain());
            barrier.drain();

            ext4.enable();
            ext4.drain();
            try (FileChannel ch = FileChannel.open(Path.of(args[5]), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, 64 * 1024); // MAP_SHARED
                for (int i = 0; i < map.capacity(); i++) {
                    map.put(i, (byte) (i * 7 + 1));
                }
                map.force(); // msync: writeback of the dirty pages, no write(2) anywhere
            }
            System.out.println("mmap written " + readable(libc, ext4Ep, 10_000));
        }
    }

    private static void writeAndSync(Path node) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(node.toFile(), "rw")) {
            f.seek(8192);
            f.write(new byte[4096]);
            f.getFD().sync();
        }
    }

    /** An epoll with the signal's fds in it: added before any write, as the thin-pool signal does (a wake-up before would be lost). */
    static int epoll(Libc libc, BlockWrites w) throws Exception {
        int ep = libc.epoll_create();
        for (int fd : w.fds()) {
            libc.epoll_ctl(ep, Libc.EPOLL_CTL_ADD, fd, Libc.POLLIN, fd);
        }
        return ep;
    }

    /** Whether any of the signal's fds is reported readable within {@code millis}. */
    static boolean readable(Libc libc, int ep, int millis) throws Exception {
        int[] events = new int[8];
        long[] data = new long[events.length];
        int n = libc.epoll_wait(ep, events, data, millis);
        for (int i = 0; i < n; i++) {
            if ((events[i] & Libc.POLLIN) != 0) {
                return true;
            }
        }
        return false;
    }
}
