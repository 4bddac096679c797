package org.watchtray.nativeaccess.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.watchtray.core.mounts.MountSource;

/**
 * A child JVM running {@link MountScenarioMain} under {@code unshare -m --propagation private}:
 * every mount it makes lives and dies in that namespace. The test JVM cannot unshare itself
 * (it is multi-threaded), hence the child. Directories are created on the host filesystem in a
 * temp dir so both namespaces see them; they are removed on close.
 */
final class PrivateMountNamespace implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * How many times longer than on this machine the waits for a child may take: the kernel lab
     * VM runs these tests under software emulation, where a JVM is 20 to 40 times slower
     * ({@code -Dwatchtray.mounts.waitScale}, passed on to the child). The waits are watchdogs for
     * a child that went silent, not limits on how fast anything must be.
     */
    static final String WAIT_SCALE = "watchtray.mounts.waitScale";
    private static final long LINE_TIMEOUT_SECONDS = 30L * Integer.getInteger(WAIT_SCALE, 1);

    private final Path dir;
    private final Process process;
    private final Writer stdin;
    private final Path stderr;
    private final JsonNode ready;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private static final String EOF = "\u0000eof";

    private PrivateMountNamespace(Path dir, Process process, Path stderr) throws IOException {
        this.dir = dir;
        this.process = process;
        this.stderr = stderr;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread pump = new Thread(() -> {
            try {
                for (String l; (l = stdout.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // The child went away; EOF below tells the reader.
            }
            lines.add(EOF);
        }, "mount-namespace-stdout");
        pump.setDaemon(true);
        pump.start();
        this.ready = next();
        assertEquals("ready", ready.path("type").asText(), () -> "child did not start: " + ready + "\n" + stderrText());
    }

    /** Skips (with the reason) where private mount namespaces cannot be made; every caller needs them. */
    static void assumeNamespacesWork() throws Exception {
        Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "true").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(p.waitFor() == 0,
                "cannot create a private mount namespace here (unshare -m needs CAP_SYS_ADMIN): " + out.strip());
    }

    static PrivateMountNamespace start(MountSource.Mechanisms mechanisms, int burstLimit, long burstWindowMillis) throws Exception {
        Path dir = tempDir("wt-mounts-");
        Files.createDirectories(dir.resolve("barriers"));
        Path err = dir.resolve("child.stderr");
        List<String> command = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private"));
        command.addAll(javaCommand(MountScenarioMain.class));
        command.addAll(List.of(mechanisms.name(), dir.resolve("barriers").toString(),
                Integer.toString(burstLimit), Long.toString(burstWindowMillis)));
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        return new PrivateMountNamespace(dir, p, err);
    }

    /**
     * Runs bash {@code setup} and then {@code main} with {@code args} in a fresh private mount
     * namespace, once; returns what it printed, failing with its stderr when it fails.
     */
    static String runOnce(String setup, Class<?> main, String... args) throws Exception {
        StringBuilder script = new StringBuilder(setup).append("\nexec");
        for (String word : javaCommand(main)) {
            script.append(' ').append(MountScenarioMain.Shell.quote(word));
        }
        for (String a : args) {
            script.append(' ').append(MountScenarioMain.Shell.quote(a));
        }
        Path err = Files.createTempFile("wt-mounts-", ".stderr");
        try {
            Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "bash", "-c", script.toString())
                    .redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            if (exit != 0) {
                fail("exit " + exit + ":\n" + Files.readString(err));
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** {@code java -cp <this class path> MAIN}, started the way the app starts. */
    static List<String> javaCommand(Class<?> main) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-D" + WAIT_SCALE + "=" + Integer.getInteger(WAIT_SCALE, 1),
                "-cp", System.getProperty("java.class.path"), main.getName());
    }

    /** The temp directory (on the host filesystem) the scenario's mount points live in. */
    Path dir() {
        return dir;
    }

    /**
     * The namespace's mountinfo line for {@code mountPoint} (a path without characters
     * mountinfo escapes), read from the host through the child's /proc entry; "" when none.
     * unshare runs the child JVM in place, so its pid is the process's.
     */
    String mountinfoLine(String mountPoint) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].equals(mountPoint)) {
                return line;
            }
        }
        return "";
    }

    /** The source's status line at start, e.g. "mounts: fanotify mount events …". */
    String status() {
        return ready.path("status").asText();
    }

    String state() {
        return ready.path("state").asText();
    }

    /** Runs a bash command in the namespace; returns the events it caused (fenced by a barrier mount). */
    List<JsonNode> step(String bash) throws IOException {
        return send("STEP " + bash);
    }

    /** Runs a bash command and returns every event until one of each of {@code names} (comma-separated) has come. */
    List<JsonNode> until(String names, String bash) throws IOException {
        return send("UNTIL " + names + " " + bash);
    }

    /** Adds a mount-point glob to the source's noise rules while it runs (as the settings window does). */
    List<JsonNode> ignore(String glob) throws IOException {
        return send("IGNORE " + glob);
    }

    /** Runs a bash command while the source cannot look, so its changes coalesce into one wakeup; waits for {@code name}. */
    List<JsonNode> coalesced(String name, String bash) throws IOException {
        return send("COALESCED " + name + " " + bash);
    }

    private List<JsonNode> send(String line) throws IOException {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("one command per line; write newlines as $'\\n'");
        }
        stdin.write(line + "\n");
        stdin.flush();
        List<JsonNode> events = new ArrayList<>();
        while (true) {
            JsonNode n = next();
            switch (n.path("type").asText()) {
                case "event" -> events.add(n);
                case "done" -> {
                    if (n.path("exit").asInt() != 0) {
                        fail("command failed (exit " + n.path("exit").asInt() + "): " + line + "\n" + n.path("stderr").asText());
                    }
                    return events;
                }
                case "timeout" -> fail("no end of step within the child's wait: " + line + "\nevents so far: " + events
                        + "\nstderr: " + n.path("stderr").asText() + "\n" + stderrText());
                default -> fail("unexpected line from the child: " + n);
            }
        }
    }

    private JsonNode next() throws IOException {
        String line;
        try {
            line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (line == null) {
            fail("child said nothing for " + LINE_TIMEOUT_SECONDS + " s:\n" + stderrText());
        }
        if (line.equals(EOF)) {
            fail("child closed its output:\n" + stderrText());
        }
        return JSON.readTree(line);
    }

    String stderrText() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // The child may be gone already.
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        // The namespace died with the child, so its mounts are gone and the dirs are plain again.
        deleteTree(dir);
    }

    /** A fresh directory under /tmp for a test's mount points (visible in every namespace). */
    static Path tempDir(String prefix) throws IOException {
        return Files.createTempDirectory(Path.of("/tmp"), prefix);
    }

    /** Removes a test's directory tree once no namespace mounts anything on it any more. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
