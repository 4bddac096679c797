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

    /** Starts Xvfb on a free display (it picks one and tells us through -displayfd). */
    public DesktopSession withX() throws IOException {
        Process p = spawn(List.of("Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"), Map.of(), "Xvfb");
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
        Path record = script("dunst-record.sh", "#!/bin/sh\n{ env | grep '^DUNST_' | sort; echo '--'; } >> \"" + seen + "\"\n");
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

    /** Starts the Haskell StatusNotifierWatcher (no host: tests act as the host themselves). */
    public DesktopSession withWatcher() throws IOException, InterruptedException {
        watcher = spawn(List.of("status-notifier-watcher"), environment(), "status-notifier-watcher");
        waitForName("org.kde.StatusNotifierWatcher");
        return this;
    }

    /** Stops the session bus, as happens when the user logs out. */
    public void stopBus() throws InterruptedException {
        bus.destroy();
        bus.waitFor(5, TimeUnit.SECONDS);
    }

    /** Stops the watcher (as when a panel crashes) and starts a fresh one with no items registered. */
    public void restartWatcher() throws IOException, InterruptedException {
        watcher.destroy();
        watcher.waitFor(5, TimeUnit.SECONDS);
        processes.remove(watcher);
        withWatcher();
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

    /** The id of the visible X window titled exactly {@code title}, or "" when none shows. */
    public String visibleWindow(String title) throws IOException, InterruptedException {
        Result r = tryRun(List.of("xdotool", "search", "--onlyvisible", "--name", "^" + title + "$"));
        return r.exit() == 0 ? r.out().strip().lines().findFirst().orElse("") : "";
    }

    /** Saves a screenshot of the whole X screen. */
    public void screenshot(Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        run(List.of("import", "-window", "root", png.toString()));
    }

    @Override
    public void close() {
        while (!processes.isEmpty()) {
            Process p = processes.pop();
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
