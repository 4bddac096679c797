package org.watchtray.nativeaccess.mounts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/**
 * Run in a private mount namespace holding a few hundred mounts (ListmountChunksNamespaceTest
 * makes them): lists the table with listmount asking for a few IDs per call and as the source
 * does (sized by the previous listing), before and after ARG more mounts at DIR, and prints
 * "key value" lines for the test to compare with mountinfo.
 *
 * <p>args: DIR N
 */
public final class ListmountChunksMain {
    public static void main(String[] args) throws Exception {
        SyscallMountTables tables = new SyscallMountTables(new LinuxLibc());
        long[] all = tables.listAll(SyscallMountTables.ID_CHUNK);
        print("mountinfo", lines());
        print("whole", all.length);
        print("smallChunks", Arrays.equals(all, tables.listAll(3)) ? "same" : Arrays.toString(tables.listAll(3)));
        print("sorted", isAscending(all));
        // The hint now says "this many": a table that has grown past it is still listed in full.
        long[] hinted = tables.listAll();
        print("hinted", Arrays.equals(all, hinted) ? "same" : Arrays.toString(hinted));
        Path dir = Path.of(args[0]);
        int more = Integer.parseInt(args[1]);
        for (int i = 0; i < more; i++) {
            Path d = Files.createDirectories(dir.resolve("more" + i));
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "more" + i, d.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("mount " + d + " failed");
            }
        }
        long[] grown = tables.listAll();
        print("grownMountinfo", lines());
        print("grown", grown.length);
        print("grownSorted", isAscending(grown));
        print("grownSame", Arrays.equals(grown, tables.listAll(SyscallMountTables.ID_CHUNK)) ? "same" : "different");
    }

    private static boolean isAscending(long[] ids) {
        for (int i = 1; i < ids.length; i++) {
            if (ids[i - 1] >= ids[i]) {
                return false;
            }
        }
        return true;
    }

    private static long lines() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).size();
    }

    private static void print(String key, Object value) {
        System.out.println(key + " " + value);
    }
}
