package org.watchtray.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.watchtray.icons.Icons;

/**
 * Builds the .deb once (about 100 s), installs it with {@code dpkg -i} into a throwaway root
 * ({@code dpkg --root DIR --force-script-chrootless}, so the maintainer scripts really run, with
 * {@code DPKG_ROOT=DIR}), checks what the desktop will find there, runs the installed launcher,
 * then removes and purges the package and checks that nothing of it is left.
 *
 * <p>The throwaway root's dpkg database holds this machine's entries for the packages the .deb
 * depends on, so dpkg itself checks that every {@code Depends:} is met by a Debian 12 system
 * (no {@code --force-depends}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebPackageIT {
    private static final Path JDK = Path.of(System.getProperty("java.home"));
    /** The variable the app reads the agent's socket from. */
    private static final String AGENT_SOCKET_VARIABLE = org.watchtray.core.agent.AgentSocket.VARIABLE;
    private static final Path HOST_AGENT_LINK = Path.of("/etc/systemd/system/multi-user.target.wants/watchtray-agent.service");

    private static Path work;
    private static Path deb;
    private static Path root;
    private static Set<String> rootBefore;
    private static boolean hostAgentLinkBefore;

    @BeforeAll
    static void buildAndInstall() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(JDK.resolve("bin/jpackage")),
                "jpackage is missing from " + JDK + " (a JRE, or a JDK without the jdk.jpackage module): the .deb cannot be built");
        work = Path.of(property("watchtray.deb.work"));
        DebBuild build = new DebBuild(JDK, Path.of(property("watchtray.deb.input")), property("watchtray.deb.appJar"),
                property("watchtray.deb.agentJar"), property("watchtray.version"), work.resolve("build"), work.resolve("out"));
        deb = build.build();

        root = work.resolve("root");
        DebBuild.deleteTree(root);
        ThrowawayRoot.create(root, dependencies());
        rootBefore = ThrowawayRoot.files(root);
        hostAgentLinkBefore = Files.exists(HOST_AGENT_LINK, LinkOption.NOFOLLOW_LINKS);

        Run install = dpkg("-i", deb.toString());
        assertEquals(0, install.exit(), install.describe());
    }

    @Test
    @Order(1)
    void controlFileDependsOnGtkGlAndKerberosAndReportsItsSize() throws Exception {
        String depends = field("Depends");
        for (String library : List.of("libc6", "libgtk-3-0", "libgl1", "libkrb5-3")) {
            assertTrue(dependencies().contains(library), library + " missing from Depends: " + depends);
        }
        assertEquals(Set.copyOf(dependencies()).size(), dependencies().size(), "each dependency once: " + depends);
        long installedKib = Long.parseLong(field("Installed-Size"));
        // Debian policy: Installed-Size estimates the disk space in KiB. Bounds that need no copy
        // of the rule under test: at least every byte of every file, at most that plus one KiB
        // of rounding (or one KiB for a directory or link) per entry.
        long[] bytesAndEntries = contentsBytesAndEntries();
        long atLeast = (bytesAndEntries[0] + 1023) / 1024;
        assertTrue(installedKib >= atLeast && installedKib <= atLeast + bytesAndEntries[1],
                "Installed-Size " + installedKib + " KiB for " + bytesAndEntries[0] + " bytes in " + bytesAndEntries[1] + " entries");
        System.out.printf("[deb] %s: package %.1f MB, installed %.1f MB%n", deb.getFileName(), Files.size(deb) / 1e6, installedKib * 1024 / 1e6);
    }

    @Test
    @Order(2)
    void theJarsAreTheJavafxClassJarsNotTheEmptyOnesAndTheLaunchersHaveTheLaunchOptions() throws IOException {
        Path appLib = root.resolve(InstallLayout.APP_DIR).resolve("lib/app");
        try (Stream<Path> jars = Files.list(appLib)) {
            List<String> javafx = jars.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("javafx-")).sorted().toList();
            assertFalse(javafx.isEmpty(), "JavaFX is packaged");
            assertTrue(javafx.stream().allMatch(n -> n.endsWith("-linux.jar")), "only the -linux JavaFX jars: " + javafx);
        }
        String appConfig = Files.readString(appLib.resolve("watchtray.cfg"));
        assertTrue(appConfig.contains("app.mainclass=" + DebBuild.APP_MAIN_CLASS), appConfig);
        for (String option : DebBuild.appJavaOptions()) {
            assertTrue(appConfig.contains("java-options=" + option), option + " in " + appConfig);
        }
        String agentConfig = Files.readString(appLib.resolve("watchtray-agent.cfg"));
        assertTrue(agentConfig.contains("app.mainclass=" + DebBuild.AGENT_MAIN_CLASS), agentConfig);
        for (String option : DebBuild.agentJavaOptions()) {
            assertTrue(agentConfig.contains("java-options=" + option), option + " in " + agentConfig);
        }
        assertTrue(Files.size(appLib.resolve(StartupCache.FILE)) > 1_000_000, "the app's ahead-of-time cache is packaged");
        assertTrue(Files.size(appLib.resolve(StartupCache.WINDOW_FILE)) > Files.size(appLib.resolve(StartupCache.FILE)),
                "the window process's ahead-of-time cache is packaged, with JavaFX in it (larger than the tray's)");
    }

    @Test
    @Order(3)
    void everyFileLandsWhereTheDesktopLooks() throws IOException {
        for (String path : InstallLayout.filesOutsideAppDir()) {
            assertTrue(Files.exists(root.resolve(path), LinkOption.NOFOLLOW_LINKS), path + " is installed");
        }
        for (String launcher : List.of(InstallLayout.APP_LAUNCHER, InstallLayout.AGENT_LAUNCHER)) {
            assertTrue(Files.isExecutable(root.resolve(launcher)), launcher + " is executable");
        }
        Path link = root.resolve(InstallLayout.LAUNCHER);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("/" + InstallLayout.APP_LAUNCHER), Files.readSymbolicLink(link));
        String desktop = Files.readString(root.resolve(InstallLayout.DESKTOP_FILE));
        assertTrue(desktop.contains("Icon=" + Icons.APP_ICON_NAME));
        assertTrue(Files.exists(root.resolve(InstallLayout.HICOLOR + "/48x48/apps/" + Icons.APP_ICON_NAME + ".png")),
                "the menu entry's icon is in the hicolor theme");
    }

    @Test
    @Order(4)
    void desktopValidatorsAcceptTheInstalledFiles() throws Exception {
        Run desktop = Run.of("desktop-file-validate", root.resolve(InstallLayout.DESKTOP_FILE).toString());
        assertEquals("", desktop.output(), desktop.describe());
        assertEquals(0, desktop.exit(), desktop.describe());
        Run metainfo = Run.of("appstreamcli", "validate", "--no-net", "--no-color", root.resolve(InstallLayout.METAINFO).toString());
        assertEquals(0, metainfo.exit(), metainfo.describe());
    }

    @Test
    @Order(5)
    void postinstCreatedTheGroupAndEnabledTheAgentInsideTheRootOnly() throws IOException {
        assertTrue(Files.readAllLines(root.resolve("etc/group")).stream().anyMatch(line -> line.startsWith("watchtray:x:")),
                "systemd-sysusers created the watchtray group");
        Path wants = root.resolve("etc/systemd/system/multi-user.target.wants/watchtray-agent.service");
        assertEquals(Path.of("/" + InstallLayout.AGENT_UNIT), Files.readSymbolicLink(wants), "the agent is enabled");
        assertEquals(hostAgentLinkBefore, Files.exists(HOST_AGENT_LINK, LinkOption.NOFOLLOW_LINKS), "this machine's systemd was not touched");
    }

    @Test
    @Order(5)
    void postinstAddedTheMessageCatalogToTheRootsCatalogDatabase() throws Exception {
        Run list = Run.of("journalctl", "--root=" + root, "--list-catalog");
        assertEquals(0, list.exit(), list.describe());
        String thinPoolId = org.watchtray.core.journal.MessageIds.of("thinpool.data_threshold").orElseThrow();
        assertTrue(list.output().lines().anyMatch(l -> l.startsWith(thinPoolId + " watchtray: Thin pool")), list.describe());
        assertEquals(org.watchtray.core.journal.MessageIds.all().size(),
                list.output().lines().filter(l -> l.contains(" watchtray: ")).count(), "one catalog entry per message ID");
    }

    @Test
    @Order(6)
    void installedLauncherRunsStatusOnTheModulePathWithTheAheadOfTimeCache() throws Exception {
        Path home = Files.createDirectories(work.resolve("home"));
        Map<String, String> env = Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve(".config").toString(),
                "XDG_STATE_HOME", home.resolve(".local/state").toString(), "XDG_CACHE_HOME", home.resolve(".cache").toString());
        List<Duration> times = new ArrayList<>();
        Run status = null;
        for (int i = 0; i < 5; i++) {
            status = installed(env, home, "status");
            assertEquals(0, status.exit(), status.describe());
            times.add(status.took());
        }
        assertNotNull(status);
        // One line per source ("keys       degraded     polling /proc/keys every 60 s — …"), then one per
        // output (the journal export, the agent's textfile when configured, the hooks), and nothing else.
        List<String> lines = status.output().lines().filter(line -> !line.isBlank()).toList();
        assertFalse(lines.isEmpty(), status.describe());
        assertTrue(lines.stream().allMatch(line -> line.matches(
                        "(keys|kerberos|mounts|thinpool|usb|journal|metrics|hooks) +(active|degraded|unavailable|disabled) +.+")),
                status.describe());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("journal ")), status.describe());
        System.out.println("[deb] installed 'watchtray status' said:\n" + status.output().strip());

        // The JVM maps the cache the package was trained with: it matches this runtime and these jars at /opt/watchtray.
        Map<String, String> logAot = new java.util.HashMap<>(env);
        logAot.put("JAVA_TOOL_OPTIONS", "-Xlog:aot=info");
        Run version = installed(logAot, home, "--version");
        assertEquals(0, version.exit(), version.describe());
        assertTrue(version.output().contains("Opened AOT cache /" + InstallLayout.APP_DIR + "/lib/app/" + StartupCache.FILE), version.describe());
        assertTrue(version.output().contains("full module graph: enabled"), version.describe());
        assertFalse(version.output().contains("[error]"), version.describe());

        // The window process (the tray's options, its cache swapped for the window's: the app's
        // WindowCommand) maps the window's cache too. With no tray to talk to it ends at once.
        String lib = "/" + InstallLayout.APP_DIR + "/lib/app";
        ScriptLaunchers.Config cfg = ScriptLaunchers.Config.read(root.resolve(InstallLayout.APP_DIR).resolve("lib/app/watchtray.cfg"));
        List<String> window = new ArrayList<>(List.of("/" + InstallLayout.APP_DIR + "/lib/runtime/bin/java"));
        cfg.javaOptions().forEach(option -> window.add(option.replace("$APPDIR", lib)));
        window.addAll(List.of("-XX:AOTCache=" + lib + "/" + StartupCache.WINDOW_FILE, "-Xlog:aot=info", "--module-path", cfg.modulePath(lib),
                "-m", DebBuild.APP_MAIN_MODULE + "/org.watchtray.app.window.WindowMain", "--feed", home.resolve("no-tray.sock").toString()));
        Run windowAot = Run.of(env, home, InstallPath.command(root.resolve(InstallLayout.APP_DIR), window).toArray(String[]::new));
        assertTrue(windowAot.output().contains("Opened AOT cache " + lib + "/" + StartupCache.WINDOW_FILE), windowAot.describe());
        assertTrue(windowAot.output().contains("full module graph: enabled"), windowAot.describe());
        assertFalse(windowAot.output().contains("[error"), windowAot.describe());

        // The app and its libraries are named modules, resolved from the module path.
        Map<String, String> showModules = new java.util.HashMap<>(env);
        showModules.put("JDK_JAVA_OPTIONS", "--show-module-resolution");
        Run modules = installed(showModules, home, "--version");
        assertEquals(0, modules.exit(), modules.describe());
        assertTrue(modules.output().lines().anyMatch(line -> line.startsWith("root " + DebBuild.APP_MAIN_MODULE + " file:///" + InstallLayout.APP_DIR)),
                modules.describe());
        for (String module : List.of("org.watchtray.nativeaccess", "org.watchtray.core", "javafx.graphics", "org.freedesktop.dbus", "org.xerial.sqlitejdbc")) {
            assertTrue(modules.output().contains(module + " file:///" + InstallLayout.APP_DIR), module + " resolved: " + modules.describe());
        }
        times.sort(null);
        System.out.printf("[deb] installed 'watchtray status': best %d ms, median %d ms of 5 runs%n",
                times.getFirst().toMillis(), times.get(2).toMillis());
    }

    @Test
    @Order(7)
    void installedAgentServesAMemberOfTheInstalledGroup() throws Exception {
        Path home = Files.createDirectories(work.resolve("agent-home"));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path socket = home.resolve("agent.sock");
        Path agentLog = work.resolve("agent.log");
        // The installed unit's sandbox and command line (its own socket aside): its bounding set, Group=watchtray,
        // no new privileges, a private network and /proc, its system-call filter. The group is the one the
        // package's sysusers snippet created in the throwaway root, seen by the agent through its /etc/group.
        UnitSandbox unit = new UnitSandbox(Files.readString(root.resolve(InstallLayout.AGENT_UNIT)));
        String groupLine = Files.readAllLines(root.resolve("etc/group")).stream().filter(l -> l.startsWith("watchtray:")).findFirst()
                .orElseThrow(() -> new AssertionError("the package created no watchtray group"));
        int gid = Integer.parseInt(groupLine.split(":")[2]);
        Path groupFile = UnitSandbox.groupFile(work.resolve("agent-group"), "watchtray", gid);
        List<String> argv = new ArrayList<>();
        for (String word : unit.execStart()) {
            argv.add(word.equals("/run/watchtray/agent.sock") ? socket.toString()
                    : word.equals("/" + InstallLayout.AGENT_LAUNCHER) ? root.resolve(InstallLayout.AGENT_LAUNCHER).toString() : word);
        }
        assertTrue(argv.contains("--group") && argv.contains("watchtray"), argv.toString());
        Process agent = new ProcessBuilder(unit.command(groupFile, gid, work, argv))
                .redirectErrorStream(true).redirectOutput(agentLog.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(socket) && agent.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(socket), "the agent opened its socket; its log:\n" + Files.readString(agentLog));
            assertEquals(gid, Files.getAttribute(socket, "unix:gid"), "the socket belongs to the group");
            // A desktop user in the group: the installed app's status, as uid 65534 with the group as a supplementary one.
            Path userHome = Files.createDirectories(home.resolve("user"));
            Files.setPosixFilePermissions(userHome, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            Run status = installed(Map.of("HOME", userHome.toString(), "XDG_CONFIG_HOME", userHome.resolve(".config").toString(),
                    "XDG_STATE_HOME", userHome.resolve(".local/state").toString(), AGENT_SOCKET_VARIABLE, socket.toString()),
                    userHome, List.of("setpriv", "--reuid=65534", "--regid=65534", "--groups=" + gid), "status");
            assertEquals(0, status.exit(), status.describe());
            // Connected (refused or EACCES would read "not running"); status prints before or after the agent's own status came.
            assertTrue(status.output().lines().anyMatch(line -> line.matches("usb +active +via watchtray-agent.*")),
                    status.describe() + "\nagent log:\n" + Files.readString(agentLog));
            System.out.println("[deb] a member of the installed group got from the installed agent:\n" + status.output().strip());
        } finally {
            agent.destroy();
            agent.waitFor();
        }
        String log = Files.readString(agentLog);
        assertTrue(log.contains("to root and group 'watchtray'") && log.matches("(?s).*subscriber connected: pid \\d+ uid 65534 .*"), log);
    }

    @Test
    @Order(8)
    void javafxAndSqliteLoadTheirNativeLibrariesFromTheInstallationAsNamedModules() throws Exception {
        Path appLib = root.resolve(InstallLayout.APP_DIR).resolve("lib/app");
        Path home = Files.createDirectories(work.resolve("probe-home"));
        Path tmp = Files.createDirectories(work.resolve("probe-tmp"));
        List<String> argv = new ArrayList<>(List.of(root.resolve(InstallLayout.APP_DIR).resolve("lib/runtime/bin/java").toString()));
        for (String option : DebBuild.appJavaOptions()) {
            argv.add(option.replace("$APPDIR", appLib.toString()));
        }
        // The launcher's module path, and the probe on the class path.
        String modulePath = ScriptLaunchers.Config.read(appLib.resolve("watchtray.cfg")).modulePath(appLib.toString());
        argv.addAll(List.of("-Dglass.platform=Headless", "-Duser.home=" + home, "-Djava.io.tmpdir=" + tmp,
                "--module-path", modulePath, "--add-modules", "ALL-MODULE-PATH",
                "-cp", Path.of(NativeLibraryProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                NativeLibraryProbe.class.getName()));
        Run probe = Run.of(Map.of("HOME", home.toString()), home, argv.toArray(String[]::new));
        assertEquals(0, probe.exit(), probe.describe());
        List<String> loaded = probe.output().lines().filter(line -> line.startsWith("/")).toList();
        assertTrue(loaded.stream().anyMatch(path -> path.endsWith("/libsqlitejdbc.so")), "SQLite's library was loaded: " + probe.output());
        assertTrue(loaded.stream().anyMatch(path -> path.endsWith("/libprism_sw.so")), "JavaFX's renderer was loaded: " + probe.output());
        assertFalse(probe.output().contains("Unsupported JavaFX configuration"), "JavaFX runs as named modules: " + probe.output());
        for (String path : loaded) {
            assertTrue(Path.of(path).startsWith(appLib.toRealPath()), path + " was loaded from the installation, not unpacked elsewhere");
        }
        assertFalse(Files.exists(home.resolve(".openjfx")), "JavaFX unpacked nothing into the home directory");
        try (Stream<Path> temp = Files.list(tmp)) {
            assertEquals(List.of(), temp.toList(), "sqlite-jdbc unpacked nothing into the temp directory");
        }
    }

    @Test
    @Order(9)
    void removeThenPurgeLeaveNothingBehind() throws Exception {
        Run remove = dpkg("-r", "watchtray");
        assertEquals(0, remove.exit(), remove.describe());
        Run catalog = Run.of("journalctl", "--root=" + root, "--list-catalog");
        assertFalse(catalog.output().contains(" watchtray: "), "watchtray's catalog entries are gone: " + catalog.describe());
        assertEquals(Path.of("/dev/null"), Files.readSymbolicLink(root.resolve("etc/systemd/system/watchtray-agent.service")),
                "a removed (not purged) package leaves the agent masked, as dh_installsystemd does");
        assertFalse(Files.exists(root.resolve(InstallLayout.APP_DIR)), "the application directory is gone");

        Run purge = dpkg("-P", "watchtray");
        assertEquals(0, purge.exit(), purge.describe());
        Set<String> left = new TreeSet<>(ThrowawayRoot.files(root));
        left.removeAll(rootBefore);
        // systemd-sysusers keeps backups of the files it edits; the group itself stays by Debian policy.
        // The catalog database went with the last catalog (on a real system it is rebuilt from systemd's own).
        assertEquals(Set.of("etc/.pwd.lock", "etc/group-", "etc/gshadow-"), left, "files left after purge");
        for (String path : InstallLayout.filesOutsideAppDir()) {
            assertFalse(Files.exists(root.resolve(path), LinkOption.NOFOLLOW_LINKS), path + " is gone");
        }
        try (Stream<Path> all = Files.walk(root)) {
            List<String> named = all.map(root::relativize).map(Path::toString)
                    .filter(p -> p.contains("watchtray") && !p.startsWith("var/lib/dpkg")).toList();
            assertEquals(List.of(), named, "nothing named watchtray remains");
        }
        assertFalse(Files.exists(root.resolve("opt")), "/opt is removed once empty");
    }

    /** Runs the installed watchtray launcher as after a real install: the package's /opt/watchtray at /opt/watchtray. */
    private static Run installed(Map<String, String> env, Path directory, String... args) throws IOException, InterruptedException {
        return installed(env, directory, List.of(), args);
    }

    /** The installed launcher at /opt/watchtray, run through {@code wrapper} (setpriv, say) inside the private mount namespace. */
    private static Run installed(Map<String, String> env, Path directory, List<String> wrapper, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(wrapper);
        command.add("/" + InstallLayout.APP_LAUNCHER);
        command.addAll(Arrays.asList(args));
        return Run.of(env, directory, InstallPath.command(root.resolve(InstallLayout.APP_DIR), command).toArray(String[]::new));
    }

    private static Run dpkg(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("dpkg", "--root=" + root, "--force-script-chrootless",
                "--log=" + work.resolve("dpkg.log")));
        if (!"0".equals(ThrowawayRoot.uid())) {
            argv.add("--force-not-root");
        }
        argv.addAll(Arrays.asList(args));
        return Run.of(argv.toArray(String[]::new));
    }

    private static String field(String name) throws IOException, InterruptedException {
        Run run = Run.of("dpkg-deb", "--field", deb.toString(), name);
        assertEquals(0, run.exit(), run.describe());
        return run.output().strip();
    }

    /** Package names in Depends (the first of any alternatives, versions dropped). */
    private static List<String> dependencies() throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        for (String clause : field("Depends").split(",")) {
            names.add(clause.strip().split("[ |(]")[0]);
        }
        return names;
    }

    /** The package's data from dpkg-deb's own listing: the bytes of its files, and how many entries it has. */
    private static long[] contentsBytesAndEntries() throws IOException, InterruptedException {
        Run contents = Run.of("dpkg-deb", "--contents", deb.toString());
        assertEquals(0, contents.exit(), contents.describe());
        long bytes = 0;
        long entries = 0;
        for (String line : contents.output().lines().toList()) {
            String[] columns = line.trim().split(" +", 6);
            if (columns[5].equals("./")) {
                continue;
            }
            entries++;
            if (line.startsWith("-")) {
                bytes += Long.parseLong(columns[2]);
            }
        }
        return new long[] {bytes, entries};
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertNotNull(value, name + " is set by the failsafe configuration in packaging/pom.xml");
        return value;
    }
}
