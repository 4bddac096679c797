package org.watchtray.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A minimal system root for {@code dpkg --root}: the account files systemd-sysusers edits, and a
 * dpkg database that lists, copied from this machine's, exactly the packages the .deb depends on.
 */
final class ThrowawayRoot {
    private static final Path HOST_DPKG = Path.of("/var/lib/dpkg");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^Package: (\\S+)$");
    private static final Pattern ARCHITECTURE = Pattern.compile("(?m)^Architecture: (\\S+)$");

    private ThrowawayRoot() {
    }

    static void create(Path root, List<String> installedPackages) throws IOException {
        Path dpkg = root.resolve("var/lib/dpkg");
        for (String dir : List.of("info", "updates", "triggers")) {
            Files.createDirectories(dpkg.resolve(dir));
        }
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\n");
        Files.writeString(etc.resolve("shadow"), "root:*:19000:0:99999:7:::\n");
        Files.writeString(etc.resolve("gshadow"), "root:*::\n");

        List<String> entries = new ArrayList<>();
        for (String paragraph : Files.readString(HOST_DPKG.resolve("status")).split("\n\n")) {
            Matcher name = PACKAGE.matcher(paragraph);
            if (name.find() && installedPackages.contains(name.group(1))) {
                entries.add(paragraph.strip());
                Matcher arch = ARCHITECTURE.matcher(paragraph);
                List<String> lists = new ArrayList<>(List.of(name.group(1) + ".list"));
                if (arch.find()) {
                    lists.add(name.group(1) + ":" + arch.group(1) + ".list");
                }
                for (String list : lists) {
                    Path hostList = HOST_DPKG.resolve("info").resolve(list);
                    if (Files.exists(hostList)) {
                        Files.copy(hostList, dpkg.resolve("info").resolve(list));
                    }
                }
            }
        }
        Files.writeString(dpkg.resolve("status"), String.join("\n\n", entries) + "\n");
    }

    /** Every file and link under the root, relative, outside dpkg's own database. */
    static Set<String> files(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            Set<String> files = new TreeSet<>();
            paths.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> root.relativize(p).toString())
                    .filter(p -> !p.startsWith("var/lib/dpkg/"))
                    .forEach(files::add);
            return files;
        }
    }

    static String uid() throws IOException {
        return Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString();
    }
}
