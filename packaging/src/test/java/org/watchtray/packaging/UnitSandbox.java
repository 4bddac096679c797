package org.watchtray.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs a command the way systemd runs a service, as far as a unit's sandboxing can be
 * reproduced without systemd (none runs here): its capability bounding set, group and
 * NoNewPrivileges (setpriv), PrivateNetwork (a network namespace), PrivateMounts and
 * ProcSubset/ProtectProc (a mount namespace with its own /proc), and SystemCallFilter with
 * SystemCallErrorNumber (a seccomp allow-list built from {@code systemd-analyze syscall-filter}).
 * The group's name resolves through an /etc/group of the test's making, bound over the real one
 * inside the namespace only. ProtectSystem and the device policy are not reproduced.
 */
final class UnitSandbox {
    private final Map<String, List<String>> unit;

    UnitSandbox(String unitText) {
        this.unit = settings(unitText);
    }

    /** key → values in order (a key may repeat), comments and section headers skipped. */
    static Map<String, List<String>> settings(String unit) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String line : unit.lines().toList()) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("[")) {
                continue;
            }
            int eq = line.indexOf('=');
            m.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
        }
        return m;
    }

    List<String> get(String key) {
        return unit.getOrDefault(key, List.of());
    }

    /** The unit's ExecStart, split on blanks. */
    List<String> execStart() {
        return List.of(get("ExecStart").getFirst().strip().split("\\s+"));
    }

    /** "-all,+sys_admin,+syslog" for setpriv from CapabilityBoundingSet=CAP_SYS_ADMIN CAP_SYSLOG. */
    String boundingSet() {
        StringBuilder set = new StringBuilder("-all");
        for (String value : get("CapabilityBoundingSet")) {
            for (String cap : value.strip().split("\\s+")) {
                set.append(",+").append(cap.toLowerCase(Locale.ROOT).replaceFirst("^cap_", ""));
            }
        }
        return set.toString();
    }

    /**
     * The command line that runs {@code argv} as the unit would run it.
     *
     * @param groupFile the /etc/group the service sees (it names the unit's Group=)
     * @param gid       that group's number
     * @param work      where the seccomp helper and its allow-list are written
     */
    List<String> command(Path groupFile, int gid, Path work, List<String> argv) throws IOException, InterruptedException {
        StringBuilder inside = new StringBuilder("set -e; mount --bind '" + groupFile + "' /etc/group; ");
        if (get("ProcSubset").contains("pid") || !get("ProtectProc").isEmpty()) {
            List<String> options = new ArrayList<>();
            if (get("ProcSubset").contains("pid")) {
                options.add("subset=pid");
            }
            get("ProtectProc").forEach(p -> options.add("hidepid=" + p));
            inside.append("mount -t proc -o ").append(String.join(",", options)).append(" proc /proc; ");
        }
        List<String> setpriv = new ArrayList<>(List.of("setpriv", "--bounding-set=" + boundingSet(), "--inh-caps=-all"));
        if (!get("Group").isEmpty()) {
            setpriv.addAll(List.of("--regid=" + gid, "--clear-groups"));
        }
        if (get("NoNewPrivileges").contains("yes")) {
            setpriv.add("--no-new-privs");
        }
        List<String> seccomp = List.of();
        if (!get("SystemCallFilter").isEmpty()) {
            Path allowed = work.resolve("allowed-syscalls");
            Files.write(allowed, allowedSyscalls());
            Path helper = work.resolve("unit-seccomp.py");
            try (InputStream in = UnitSandbox.class.getResourceAsStream("/unit-seccomp.py")) {
                Files.write(helper, in.readAllBytes());
            }
            String error = get("SystemCallErrorNumber").isEmpty() ? "EPERM" : get("SystemCallErrorNumber").getLast();
            seccomp = List.of("/usr/bin/python3", helper.toString(), allowed.toString(), error);
        }
        inside.append("exec");
        for (String word : setpriv) {
            inside.append(' ').append(quote(word));
        }
        for (String word : seccomp) {
            inside.append(' ').append(quote(word));
        }
        for (String word : argv) {
            inside.append(' ').append(quote(word));
        }
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private"));
        if (get("PrivateNetwork").contains("yes")) {
            command.add("--net");
        }
        command.addAll(List.of("sh", "-c", inside.toString()));
        return command;
    }

    /** SystemCallFilter= lines in order: the first allow-list sets the set, "~" lines take away, later ones add. */
    List<String> allowedSyscalls() throws IOException, InterruptedException {
        Set<String> allowed = new LinkedHashSet<>();
        for (String line : get("SystemCallFilter")) {
            boolean deny = line.startsWith("~");
            for (String item : line.replaceFirst("^~", "").strip().split("\\s+")) {
                Set<String> calls = expand(item);
                if (deny) {
                    allowed.removeAll(calls);
                } else {
                    allowed.addAll(calls);
                }
            }
        }
        return new ArrayList<>(allowed);
    }

    /** A system call, or a group expanded (recursively) by systemd-analyze. */
    private static Set<String> expand(String item) throws IOException, InterruptedException {
        Set<String> calls = new LinkedHashSet<>();
        if (!item.startsWith("@")) {
            calls.add(item);
            return calls;
        }
        Run r = Run.of("systemd-analyze", "syscall-filter", "--no-pager", item);
        if (r.exit() != 0) {
            throw new IOException(r.describe());
        }
        for (String line : r.output().lines().skip(1).toList()) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            calls.addAll(expand(name));
        }
        return calls;
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The host's /etc/group plus {@code name} with {@code gid}, written to {@code file}. */
    static Path groupFile(Path file, String name, int gid) throws IOException {
        String host = Files.readString(Path.of("/etc/group"), StandardCharsets.UTF_8);
        Files.writeString(file, host + (host.endsWith("\n") ? "" : "\n") + name + ":x:" + gid + ":\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    /** A gid no group on this host has. */
    static int freeGid() throws IOException {
        Set<Integer> used = new java.util.HashSet<>();
        for (String line : Files.readAllLines(Path.of("/etc/group"))) {
            String[] f = line.split(":");
            if (f.length > 2) {
                used.add(Integer.parseInt(f[2]));
            }
        }
        for (int gid = 64_000; ; gid++) {
            if (!used.contains(gid)) {
                return gid;
            }
        }
    }
}
