package org.watchtray.app.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A private desktop session for tests: an X server (Xvfb on a display it picks itself), a
 * session bus of our own (no service activation, so nothing from the host is started behind
 * the test's back), and on request dunst or a StatusNotifierWatcher. Everything it starts is
 * killed on {@link #close()}, youngest first. Other people run tests on this machine at the
 * same time, so nothing here uses a fixed display, socket or port.
 */
public final class DesktopSession implements AutoCloseable {
    private final Path dir;
    private final Deque<Process> processes = new ArrayDeque<>();
    private String display;
    private String busAddress;
    private Process watcher;
    private Process dunst;
    private Process bus;

    private DesktopSession(Path dir) {
        this.dir = dir;
    }

    /** A session with a bus and no X server yet. */
    public static DesktopSession start(Path tempDir) throws IOException {
        DesktopSession s = new DesktopSession(tempDir);
        try {
            s.startBus();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    public String busAddress() {
        return busAddress;
    }

    public String display() {
        return display;
    }

    public Path dir() {
        return dir;
    }

    /**
     * The environment of an app started in this JVM on this session (no display): its bus, and
     * its settings, history and runtime files under the session's folder.
     */
    public org.watchtray.core.settings.Environment appEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(appDirs(dir));
        env.put("DBUS_SESSION_BUS_ADDRESS", busAddress);
        env.put("XDG_RUNTIME_DIR", dir.toString());
        return new org.watchtray.core.settings.Environment(env, dir);
    }

    /** Where an app of a test keeps its settings and history: under {@code dir}, never the user's own. */
    public static Map<String, String> appDirs(Path dir) {
        return Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString(), "XDG_STATE_HOME", dir.resolve("state").toString(),
                "XDG_CONFIG_DIRS", dir.resolve("etc-xdg").toString());
    }

    /** The environment a desktop process of this session gets. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DBUS_SESSION_BUS_ADDRESS", busAddress);
        if (display != null) {
            env.put("DISPLAY", display);
        }
        env.put("NO_AT_BRIDGE", "1");
        env.put("HOME", dir.toString());
        env.put("XDG_RUNTIME_DIR", dir.toString());
        // No journald listens here: a test session never writes to this machine's journal (a test that
        // wants a journal passes a private journald's socket instead).
        env.put("WATCHTRAY_JOURNAL_SOCKET", dir.resolve("no-journald.socket").toString());
        return env;
    }

    private void startBus() throws IOException {
        Path config = dir.resolve("session-bus.conf");
        Path sockets = Files.createDirectories(dir.resolve("bus"));
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:dir=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(sockets));
        bus = spawn(List.of("dbus-daemon", "--config-file=" + config, "--nofork", "--print-address=1"), Map.of(), "dbus-daemon");
        busAddress = firstLine(bus, "dbus-daemon");
    }

    /**
     * Starts Xvfb on a free display (it picks one and tells us through -displayfd), with key
     * auto-repeat off: a robot's key press held over a slow moment of a loaded machine must not
     * turn into several.
     */
    public DesktopSession withX() throws IOException {
        Process p = spawn(List.of("Xvfb", "-displayfd", "1", "-r", "-screen", "0", "1280x800x24", "-nolisten", "tcp"), Map.of(), "Xvfb");
        display = ":" + firstLine(p, "Xvfb").strip();
        return this;
    }

    /**
     * Starts dunst. Its "dmenu" is a script that picks the context-menu line containing the text
     * in {@code dunst-pick} (so a test chooses which button to press), and every toast runs a
     * script that appends what dunst understood (DUNST_* variables) to {@code dunst-seen}.
     */
    public DesktopSession withDunst(boolean markup) throws IOException, InterruptedException {
        Path pick = dir.resolve("dunst-pick");
        Path seen = dir.resolve("dunst-seen");
        Path menu = dir.resolve("dunst-menu");
        Files.writeString(pick, "");
        // dunst runs "dmenu" asynchronously: the menu is written aside and renamed into place when complete.
        Path dmenu = script("dunst-dmenu.sh", "#!/bin/sh\ntee \"" + menu + ".part\" | grep -F -m1 -- \"$(cat \"" + pick
                + "\")\"\nmv \"" + menu + ".part\" \"" + menu + "\"\n");
        // dunst runs the scripts of toasts shown together concurrently: each record goes out in ONE
        // appending write, so two records never interleave (which made an empty record).
        Path record = script("dunst-record.sh", "#!/bin/sh\nrecord=$(env | grep '^DUNST_' | sort; echo '--')\n"
                + "printf '%s\\n' \"$record\" >> \"" + seen + "\"\n");
        Path rc = dir.resolve("dunstrc");
        Files.writeString(rc, """
                [global]
                markup = %s
                dmenu = %s
                font = DejaVu Sans 10
                width = 420
                frame_width = 2
                [record]
                appname = "*"
                script = %s
                """.formatted(markup ? "full" : "no", dmenu, record));
        dunst = spawn(List.of("dunst", "-config", rc.toString()), environment(), "dunst");
        waitForName("org.freedesktop.Notifications");
        return this;
    }

    /** Kills dunst, as when the notification server crashes: toasts must fall back to the app's own. */
    public void killDunst() throws InterruptedException {
        Process d = dunst;
        d.destroyForcibly();
        d.waitFor(5, TimeUnit.SECONDS);
        processes.remove(d);
    }

    /**
     * Stops dunst (SIGSTOP) until the returned handle is closed: a notification server that has a
     * call and does not answer it, so the caller is left waiting on the bus.
     */
    public AutoCloseable freezeDunst() throws IOException, InterruptedException {
        String pid = Long.toString(dunst.pid());
        run(List.of("kill", "-STOP", pid));
        return () -> tryRun(List.of("kill", "-CONT", pid));
    }

    /** Starts the Haskell StatusNotifierWatcher (no host: tests act as the host themselves). */
    public DesktopSession withWatcher() throws IOException, InterruptedException {
        watcher = spawn(List.of("status-notifier-watcher"), environment(), "status-notifier-watcher");
        waitForName("org.kde.StatusNotifierWatcher");
        return this;
    }

    /**
     * Starts the real XDG desktop portal with its GTK backend (which needs the X server), as
     * GNOME would have it: the backend answers {@code org.freedesktop.appearance} from GSettings,
     * which here is a key file in this session's directory ({@link #gsettings}), so a test can
     * change the desktop's colour scheme and watch the portal announce it. Returns the portal's
     * process (a test may stop it to play a stuck portal).
     */
    public Process withPortal() throws IOException, InterruptedException {
        Map<String, String> env = portalEnvironment();
        spawn(List.of("/usr/libexec/xdg-desktop-portal-gtk"), env, "xdg-desktop-portal-gtk");
        waitForName("org.freedesktop.impl.portal.desktop.gtk");
        Process portal = spawn(List.of("/usr/libexec/xdg-desktop-portal"), env, "xdg-desktop-portal");
        waitForName("org.freedesktop.portal.Desktop");
        return portal;
    }

    /** Runs {@code gsettings} on the key file the session's portal reads. */
    public String gsettings(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gsettings"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(portalEnvironment());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("gsettings " + String.join(" ", args) + " failed: " + out);
        }
        return out.strip();
    }

    /** The GSettings key-file backend in this session's directory, and a GNOME desktop for the portal's choice of backend. */
    public Map<String, String> portalEnvironment() {
        Map<String, String> env = new HashMap<>(environment());
        env.put("XDG_CURRENT_DESKTOP", "GNOME");
        env.put("GSETTINGS_BACKEND", "keyfile");
        env.put("XDG_CONFIG_HOME", dir.resolve("desktop-config").toString());
        env.put("GTK_A11Y", "none");
        return env;
    }

    /** Stops the session bus, as happens when the user logs out. */
    public void stopBus() throws InterruptedException {
        bus.destroy();
        bus.waitFor(5, TimeUnit.SECONDS);
    }

    /** Stops the watcher (as when a panel crashes) and starts a fresh one with no items registered. */
    public void restartWatcher() throws IOException, InterruptedException {
        stop(watcher);
        withWatcher();
    }

    /** Stops one process this session started, and the processes it started in turn. */
    public void stop(Process p) throws InterruptedException {
        processes.remove(p);
        terminate(p);
    }

    /** Runs {@code dbus-monitor} for {@code rule} until close; returns the file it writes to. */
    public Path monitor(String rule) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "monitor", ".txt");
        ProcessBuilder pb = new ProcessBuilder("dbus-monitor", "--address", busAddress, rule);
        pb.redirectOutput(out.toFile()).redirectErrorStream(true);
        processes.push(pb.start());
        // dbus-monitor prints its own NameAcquired/NameLost lines once it is listening.
        eventually(Duration.ofSeconds(5), () -> {
            try {
                return Files.size(out) > 0;
            } catch (IOException e) {
                return false;
            }
        });
        return out;
    }

    private Path script(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        p.toFile().setExecutable(true);
        return p;
    }

    /** The 16x16 IconPixmap of the StatusNotifierItem {@code item} as a host reads it (dbus-send): ARGB32 bytes in network order. */
    public byte[] trayIcon16(String item) throws IOException, InterruptedException {
        String reply = run(List.of("dbus-send", "--bus=" + busAddress, "--print-reply", "--dest=" + item,
                "/StatusNotifierItem", "org.freedesktop.DBus.Properties.Get", "string:org.kde.StatusNotifierItem", "string:IconPixmap"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("int32 16\\s+int32 16\\s+array of bytes \\[([0-9a-f\\s]+)\\]").matcher(reply);
        if (!m.find()) {
            throw new AssertionError("no 16x16 pixmap: " + reply.substring(0, Math.min(400, reply.length())));
        }
        byte[] argb = java.util.HexFormat.of().parseHex(m.group(1).replaceAll("\\s", ""));
        if (argb.length != 16 * 16 * 4) {
            throw new AssertionError("a 16x16 pixmap of " + argb.length + " bytes");
        }
        return argb;
    }

    /** Blocks until {@code name} has an owner on the bus (at most 10 s). */
    public void waitForName(String name) throws IOException, InterruptedException {
        run(List.of("gdbus", "wait", "--address", busAddress, "--timeout", "10", name));
    }

    /** Runs a command in this session's environment and returns its standard output; fails on a non-zero exit. */
    public String run(List<String> command) throws IOException, InterruptedException {
        Result r = tryRun(command);
        if (r.exit() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + r.exit() + ": " + r.err() + r.out());
        }
        return r.out();
    }

    public record Result(int exit, String out, String err) {
    }

    public Result tryRun(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(environment());
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 30 s");
        }
        String e = Files.readString(err);
        Files.delete(err);
        return new Result(p.exitValue(), out, e);
    }

    /** Starts a long-running process of this session; it is killed on close. */
    public Process spawn(List<String> command, Map<String, String> env, String logName) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectError(dir.resolve(logName + ".log").toFile());
        Process p = pb.start();
        processes.push(p);
        return p;
    }

    private static String firstLine(Process p, String what) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || line.isBlank()) {
            throw new IOException(what + " did not start (exit " + (p.isAlive() ? "-" : p.exitValue()) + ")");
        }
        return line.strip();
    }

    /** The toasts dunst has shown so far, each as its DUNST_* variables (urgency as dunst parsed it). */
    public List<Map<String, String>> dunstSeen() throws IOException {
        Path seen = dir.resolve("dunst-seen");
        List<Map<String, String>> out = new ArrayList<>();
        if (!Files.exists(seen)) {
            return out;
        }
        Map<String, String> cur = new HashMap<>();
        for (String line : Files.readAllLines(seen)) {
            if (line.equals("--")) {
                out.add(cur);
                cur = new HashMap<>();
            } else if (line.contains("=")) {
                cur.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return out;
    }

    /** Presses the dunst context-menu entry whose line contains {@code text}; returns the menu dunst offered. */
    public String pressInDunstMenu(String text) throws IOException, InterruptedException {
        Path menu = dir.resolve("dunst-menu");
        Files.deleteIfExists(menu);
        Files.writeString(dir.resolve("dunst-pick"), text);
        run(List.of("dunstctl", "context"));
        if (!eventually(Duration.ofSeconds(5), () -> Files.exists(menu))) {
            throw new IOException("dunst did not open its context menu");
        }
        return Files.readString(menu);
    }

    /** How many toasts dunst shows right now. */
    public int dunstDisplayed() throws IOException, InterruptedException {
        return Integer.parseInt(run(List.of("dunstctl", "count", "displayed")).strip());
    }

    /** Waits until {@code condition} holds, checking every 50 ms, for at most {@code limit}. */
    public static boolean eventually(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    /** The id of a visible X window whose title matches {@code titleRegex} (xdotool's search). */
    public java.util.Optional<String> visibleWindow(String titleRegex) throws IOException, InterruptedException {
        Result r = tryRun(List.of("xdotool", "search", "--onlyvisible", "--name", titleRegex));
        return r.exit() == 0 ? r.out().lines().filter(l -> !l.isBlank()).findFirst() : java.util.Optional.empty();
    }

    /** The id of the visible X window titled exactly {@code title}, or "" when none shows. */
    public String window(String title) throws IOException, InterruptedException {
        // xdotool takes a POSIX extended regex: escape its special characters (it has no \Q…\E).
        return visibleWindow("^" + title.replaceAll("[.\\[\\]()*+?^$|\\\\{}]", "\\\\$0") + "$").orElse("");
    }

    /** The ids of the visible windows directly under the root (top-level and override-redirect ones such as menus). */
    public java.util.Set<String> visibleTopLevelWindows() throws IOException, InterruptedException {
        Result r = tryRun(List.of("xdotool", "search", "--onlyvisible", "--maxdepth", "1", ""));
        return r.out().lines().filter(l -> !l.isBlank()).collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /** A window's position and size on screen. */
    public java.awt.Rectangle geometry(String window) throws IOException, InterruptedException {
        Map<String, String> g = new HashMap<>();
        run(List.of("xdotool", "getwindowgeometry", "--shell", window)).lines()
                .filter(l -> l.contains("=")).forEach(l -> g.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return new java.awt.Rectangle(Integer.parseInt(g.get("X")), Integer.parseInt(g.get("Y")),
                Integer.parseInt(g.get("WIDTH")), Integer.parseInt(g.get("HEIGHT")));
    }

    /**
     * How many colours X shows in {@code window} (an xdotool window id) right now: a painted
     * window has hundreds, one mapped but never painted has one or two.
     */
    public int colours(String window) throws IOException, InterruptedException {
        Path png = Files.createTempFile(dir, "window", ".png");
        try {
            run(List.of("import", "-window", window, png.toString()));
            return Integer.parseInt(run(List.of("convert", png.toString(), "-format", "%k", "info:")).strip());
        } finally {
            Files.deleteIfExists(png);
        }
    }

    /** Takes a screenshot of the whole X screen and returns it. */
    public java.awt.image.BufferedImage capture() throws IOException, InterruptedException {
        Path png = Files.createTempFile(dir, "screen", ".png");
        try {
            run(List.of("import", "-window", "root", png.toString()));
            return javax.imageio.ImageIO.read(png.toFile());
        } finally {
            Files.deleteIfExists(png);
        }
    }

    /** Copies the session's logs (its {@code *.log} files in {@code dir}) to {@code target/desktop-session-logs/<name>}, for whoever reads a failure. */
    public static void keepLogs(Path dir, String name) throws IOException {
        Path logs = Files.createDirectories(Path.of("target/desktop-session-logs", name));
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.copy(f, logs.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Saves a screenshot of the whole X screen. */
    public void screenshot(Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        run(List.of("import", "-window", "root", png.toString()));
    }

    /** Ends {@code p} and its descendants (a panel's plugin processes), children first. */
    private static void terminate(Process p) throws InterruptedException {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        for (ProcessHandle c : children.reversed()) {
            c.destroy();
            try {
                c.onExit().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                c.destroyForcibly();
            }
        }
    }

    @Override
    public void close() {
        while (!processes.isEmpty()) {
            try {
                terminate(processes.pop());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
