package org.watchtray.core.thinpool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.watchtray.core.mounts.MountEntry;
import org.watchtray.core.mounts.MountinfoParser;

/**
 * What can write to a thin pool, as far as fsnotify can tell: the block devices stacked on it
 * (its thin volumes, and recursively what holds them: dm-crypt, a linear device, LVM's "vg-lp"
 * layer), their device nodes, and the filesystems mounted from any of them.
 *
 * <p>Found from sysfs ({@code /sys/dev/block/MAJ:MIN/holders/NAME}, whose {@code dev} says the
 * holder's number), {@code /dev} (the node {@code /dev/NAME}, and any node in
 * {@code /dev/mapper} with the same device number: without udev, libdevmapper makes those nodes
 * itself, so they are other inodes than {@code /dev/dm-N}) and {@code /proc/self/mountinfo}
 * (mounts whose device number, or whose source node, is one of those devices).
 *
 * @param devices     the stacked devices, "major:minor"
 * @param nodes       their device nodes
 * @param mountPoints one mount point per filesystem on them
 * @param problems    what could not be found: the pool's writes are then not all signalled
 */
public record PoolVolumes(Set<String> devices, Set<Path> nodes, Set<String> mountPoints, List<String> problems) {

    public PoolVolumes {
        devices = Set.copyOf(devices);
        nodes = Set.copyOf(nodes);
        mountPoints = Set.copyOf(mountPoints);
        problems = List.copyOf(problems);
    }

    /** Where to look: sysfs' devices by number ({@code /sys/dev/block}), {@code /dev}, the mount table. */
    public record Places(Path blockDevices, Path dev, Path mountinfo) {
        public static final Places SYSTEM = new Places(Path.of("/sys/dev/block"), Path.of("/dev"), Path.of("/proc/self/mountinfo"));
    }

    /** Everything stacked on the pool whose device is {@code pool} ("major:minor"). */
    public static PoolVolumes of(String pool, Places at) {
        List<String> problems = new ArrayList<>();
        Map<String, String> holders = new LinkedHashMap<>(); // major:minor -> kernel name (dm-3)
        if (!Files.isDirectory(at.blockDevices().resolve(pool).resolve("holders"))) {
            problems.add("no " + at.blockDevices().resolve(pool).resolve("holders"));
        }
        Deque<String> todo = new ArrayDeque<>(List.of(pool));
        while (!todo.isEmpty()) {
            Path dir = at.blockDevices().resolve(todo.pop()).resolve("holders");
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path h : ds) {
                    String number = Files.readString(h.resolve("dev")).trim();
                    if (holders.putIfAbsent(number, h.getFileName().toString()) == null) {
                        todo.push(number);
                    }
                }
            } catch (NoSuchFileException gone) {
                // a holder without holders of its own, or one removed meanwhile: the next rescan sees the new state
            } catch (IOException e) {
                problems.add("listing " + dir + ": " + e);
            }
        }
        Set<Path> nodes = new TreeSet<>();
        Map<Long, String> byRdev = new LinkedHashMap<>();
        holders.forEach((number, name) -> byRdev.put(rdev(number), number));
        for (String name : holders.values()) {
            Path node = at.dev().resolve(name);
            if (Files.exists(node)) {
                nodes.add(node);
            }
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(at.dev().resolve("mapper"))) {
            for (Path p : ds) {
                if (byRdev.containsKey(rdevOf(p))) {
                    nodes.add(p);
                }
            }
        } catch (IOException noMapperDirectory) {
            // no /dev/mapper: the /dev/NAME nodes are all there is
        }
        for (var e : holders.entrySet()) {
            if (nodes.stream().noneMatch(n -> rdevOf(n) == rdev(e.getKey()) || n.getFileName().toString().equals(e.getValue()))) {
                problems.add("no device node for " + e.getValue() + " (" + e.getKey() + ")");
            }
        }
        Set<String> mountPoints = new TreeSet<>();
        Set<String> mounted = new TreeSet<>();
        if (!holders.isEmpty()) {
            try {
                for (String line : Files.readString(at.mountinfo()).split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    MountEntry m = MountinfoParser.parseLine(line);
                    String number = holders.containsKey(m.deviceNumber()) ? m.deviceNumber()
                            : m.source().startsWith("/") ? holderOfSource(m.source(), byRdev) : null;
                    if (number != null && mounted.add(number + " " + m.deviceNumber())) {
                        mountPoints.add(m.mountPoint());
                    }
                }
            } catch (IOException | MountinfoParser.MalformedLine e) {
                problems.add("reading " + at.mountinfo() + ": " + e.getMessage());
            }
        }
        return new PoolVolumes(holders.keySet(), nodes, mountPoints, problems);
    }

    /** The holder a mount's source node is (a filesystem whose device number is another, e.g. btrfs); null when none. */
    private static String holderOfSource(String source, Map<Long, String> byRdev) {
        long r = rdevOf(Path.of(source));
        return r == 0 ? null : byRdev.get(r);
    }

    /** The device number of a block device node (following links); 0 when it is none or cannot be read. */
    static long rdevOf(Path p) {
        try {
            return Files.isRegularFile(p) || Files.isDirectory(p) ? 0 : ((Number) Files.getAttribute(p, "unix:rdev")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }

    /** glibc's makedev of "major:minor". */
    static long rdev(String number) {
        int colon = number.indexOf(':');
        long major = Long.parseLong(number.substring(0, colon));
        long minor = Long.parseLong(number.substring(colon + 1));
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    /** "major:minor" of a dm device number as DM_LIST_DEVICES gives it (the kernel's new_encode_dev). */
    public static String number(long dev) {
        long major = (dev & 0xfff00L) >> 8;
        long minor = (dev & 0xffL) | ((dev >> 12) & 0xfff00L);
        return major + ":" + minor;
    }

    /** True when every write through a node or a filesystem of these devices can be signalled. */
    public boolean complete() {
        return problems.isEmpty();
    }
}
