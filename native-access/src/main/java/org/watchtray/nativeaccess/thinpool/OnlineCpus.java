package org.watchtray.nativeaccess.thinpool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;

/** The CPUs online now ({@code /sys/devices/system/cpu/online}: "0-3,6,8-9"), one perf event each. */
final class OnlineCpus {
    static final Path ONLINE = Path.of("/sys/devices/system/cpu/online");

    private OnlineCpus() {
    }

    static List<Integer> read(Path file) throws OsException {
        try {
            return parse(Files.readString(file));
        } catch (IOException | IllegalArgumentException e) {
            throw new OsException("read", file.toString(), Errno.ENOENT, e.toString());
        }
    }

    /** "0-3,6" → [0, 1, 2, 3, 6]. */
    static List<Integer> parse(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.trim().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
            if (to < from) {
                throw new IllegalArgumentException("CPU range " + part);
            }
            for (int c = from; c <= to; c++) {
                cpus.add(c);
            }
        }
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("no CPU online: '" + list.trim() + "'");
        }
        return cpus;
    }
}
