package org.watchtray.app.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A watchtray desktop app in its own JVM (the test's class path, GTK under the session's Xvfb),
 * driven line by line through {@code ScriptedDesktop}. Its standard error goes to a log file
 * next to the session's other logs.
 */
public final class AppProcess implements AutoCloseable {
    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> out = new LinkedBlockingQueue<>();

    private AppProcess(Process process) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("app-stdout").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    out.add(line);
                }
            } catch (IOException e) {
                out.add("(stdout closed: " + e.getMessage() + ")");
            }
        });
    }

    /** Starts the app with the session's environment plus {@code extraEnv}. */
    public static AppProcess start(DesktopSession session, Map<String, String> extraEnv, String logName) throws IOException {
        return start(session, extraEnv, logName, java(session, "org.watchtray.app.desktop.ScriptedDesktop"));
    }

    /** Starts another program of the test's class path ({@code main}) the same way. */
    public static AppProcess start(DesktopSession session, Map<String, String> extraEnv, String logName, Class<?> main)
            throws IOException {
        return start(session, extraEnv, logName, java(session, main.getName()));
    }

    /** Starts another program of the test's class path ({@code main}) with {@code jvmOptions} after the usual ones. */
    public static AppProcess start(DesktopSession session, Map<String, String> extraEnv, String logName, Class<?> main,
                                   List<String> jvmOptions) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(java(session, main.getName()));
        cmd.addAll(cmd.indexOf("-cp"), jvmOptions);
        return start(session, extraEnv, logName, cmd);
    }

    /**
     * Starts the app in a private mount namespace ({@code unshare -m}) after {@code setup}, a
     * shell command that mounts what the test needs (a read-only bind mount, a tiny tmpfs):
     * root ignores mode bits, the kernel does not ignore a read-only mount.
     */
    public static AppProcess startInMountNamespace(DesktopSession session, Map<String, String> extraEnv, String logName,
                                                   String setup) throws IOException {
        StringBuilder exec = new StringBuilder("exec");
        for (String arg : java(session, "org.watchtray.app.desktop.ScriptedDesktop")) {
            exec.append(" '").append(arg.replace("'", "'\\''")).append('\'');
        }
        return start(session, extraEnv, logName, List.of("unshare", "-m", "--propagation", "private", "sh", "-c", setup + " && " + exec));
    }

    private static List<String> java(DesktopSession session, String main) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dprism.order=sw", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dtestfx.robot=glass",
                "-Djavafx.cachedir=" + session.dir().resolve("openjfx"),
                // Answers are read as UTF-8; in a C locale the JVM would write "?" for a time's narrow no-break space.
                "-Dstdout.encoding=UTF-8",
                "-cp", System.getProperty("java.class.path"), main);
    }

    private static AppProcess start(DesktopSession session, Map<String, String> extraEnv, String logName, List<String> cmd)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("XDG_") || k.startsWith("DBUS_") || k.equals("DISPLAY")
                || k.equals("WAYLAND_DISPLAY"));
        pb.environment().putAll(session.environment());
        pb.environment().putAll(extraEnv);
        pb.redirectError(session.dir().resolve(logName + ".log").toFile());
        return new AppProcess(pb.start());
    }

    /** The next line the app printed (waits up to {@code seconds}); fails when none came. */
    public String next(int seconds) throws InterruptedException {
        String line = out.poll(seconds, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("the app printed nothing within " + seconds + " s (alive: " + process.isAlive() + ")");
        }
        return line;
    }

    /** Sends one command and returns its answer. */
    public String ask(String command) throws IOException, InterruptedException {
        in.write(command + "\n");
        in.flush();
        return next(90);
    }

    public Process process() {
        return process;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
