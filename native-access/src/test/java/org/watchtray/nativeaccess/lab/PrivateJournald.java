package org.watchtray.nativeaccess.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code systemd-journald} of its own, with no systemd as PID 1: started under
 * {@code unshare --mount --uts} with tmpfs on {@code /run} and {@code /var/log}, its own hostname
 * and machine ID, a drop-in config (persistent storage, no kernel log, no forwarding, no rate
 * limit) and the "flushed" flag set, so it writes straight to {@code /var/log/journal} in its
 * namespace and touches nothing of the host's. Outside the namespace its socket and files are
 * reached through {@code /proc/<pid>/root}. When it stops, its namespace and both tmpfs go
 * with it: nothing to clean up even after a crash.
 *
 * <pre>try (PrivateJournald journald = PrivateJournald.start("ws-one")) { … journald.socket() … }</pre>
 * or, one for a whole test class:
 * <pre>@RegisterExtension static final PrivateJournald.PerClass JOURNALD = new PrivateJournald.PerClass("ws-one");</pre>
 */
public final class PrivateJournald implements AutoCloseable {
    public static final Path JOURNALD = Path.of("/lib/systemd/systemd-journald");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs as the namespace's first process, then becomes journald. $1 hostname, $2 machine ID. */
    private static final String SCRIPT = """
            set -e
            hostname "$1"
            mount -t tmpfs -o mode=0755 tmpfs /run
            mount -t tmpfs -o mode=0755 tmpfs /var/log
            mkdir -p /run/systemd/journal /run/systemd/journald.conf.d /var/log/journal
            printf '%s\\n' "$2" > /run/machine-id
            if [ -e /etc/machine-id ]; then
                mount --bind /run/machine-id /etc/machine-id
            else
                mkdir -p /run/etc-upper /run/etc-work
                mount -t overlay overlay -o lowerdir=/etc,upperdir=/run/etc-upper,workdir=/run/etc-work /etc
                cp /run/machine-id /etc/machine-id
            fi
            printf '[Journal]\\nStorage=persistent\\nReadKMsg=no\\nForwardToSyslog=no\\nForwardToKMsg=no\\nForwardToConsole=no\\nForwardToWall=no\\nRateLimitIntervalSec=0\\nRateLimitBurst=0\\n' \\
                > /run/systemd/journald.conf.d/private.conf
            touch /run/systemd/journal/flushed
            exec /lib/systemd/systemd-journald
            """;

    private final Process process;
    private final String hostname;
    private final String machineId;
    private final Path log;

    private PrivateJournald(Process process, String hostname, String machineId, Path log) {
        this.process = process;
        this.hostname = hostname;
        this.machineId = machineId;
        this.log = log;
    }

    /** Starts one and waits until its native socket exists. Fails (never skips) when it cannot start. */
    public static PrivateJournald start(String hostname) throws IOException, InterruptedException {
        if (!Files.isExecutable(JOURNALD)) {
            throw new IllegalStateException(JOURNALD + " is missing: bin/install-test-deps installs systemd");
        }
        String machineId = java.util.UUID.randomUUID().toString().replace("-", "");
        Path log = Files.createTempFile("journald-" + hostname + "-", ".log");
        Process p = new ProcessBuilder("unshare", "--mount", "--uts", "--propagation", "private", "sh", "-c", SCRIPT,
                "private-journald", hostname, machineId)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrivateJournald j = new PrivateJournald(p, hostname, machineId, log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(j.socket())) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String out = Files.readString(log);
                j.close();
                throw new IllegalStateException("journald did not start (exit " + (p.isAlive() ? "none" : p.exitValue()) + "): " + out);
            }
            Thread.sleep(20);
        }
        return j;
    }

    public long pid() {
        return process.pid();
    }

    public String hostname() {
        return hostname;
    }

    public String machineId() {
        return machineId;
    }

    /** Its native-protocol socket, as seen from outside its namespace. */
    public Path socket() {
        return root().resolve("run/systemd/journal/socket");
    }

    /** Its journal directory ({@code /var/log/journal} inside), for {@code journalctl -D} or {@code systemd-journal-upload -D}. */
    public Path directory() {
        return root().resolve("var/log/journal");
    }

    private Path root() {
        return Path.of("/proc", Long.toString(process.pid()), "root");
    }

    /** Stops journald (SIGSTOP): its socket stays, nobody reads it, so its queue fills. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Tool.run(List.of("kill", "-s", name, Long.toString(process.pid())), TOOL_TIMEOUT);
    }

    /** {@code journalctl -o json} over its files, with {@code matches} such as "SYSLOG_IDENTIFIER=watchtray". */
    public List<Map<String, String>> entries(String... matches) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("journalctl", "--directory=" + directory(), "-o", "json", "--all", "--no-pager"));
        argv.addAll(List.of(matches));
        return parseJson(Tool.run(argv, TOOL_TIMEOUT));
    }

    /** Waits until the entries matching {@code matches} satisfy {@code done}; returns them (or fails with what there was). */
    public List<Map<String, String>> await(Predicate<List<Map<String, String>>> done, Duration timeout, String... matches)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Map<String, String>> now = entries(matches);
        while (!done.test(now)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("journal entries " + List.of(matches) + " not as expected after " + timeout + ": " + now.size()
                        + " entries, last " + (now.isEmpty() ? "none" : now.getLast()));
            }
            Thread.sleep(50);
            now = entries(matches);
        }
        return now;
    }

    /** One journal entry per line of {@code journalctl -o json}; a binary value (an array of bytes) becomes its UTF-8 text. */
    public static List<Map<String, String>> parseJson(String output) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> entry = new LinkedHashMap<>();
            JsonNode node = JSON.readTree(line);
            node.properties().forEach(f -> entry.put(f.getKey(), text(f.getValue())));
            out.add(entry);
        }
        return out;
    }

    private static String text(JsonNode v) {
        if (v.isArray()) {
            byte[] bytes = new byte[v.size()];
            for (int i = 0; i < v.size(); i++) {
                bytes[i] = (byte) v.get(i).asInt();
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return v.isNull() ? null : v.asText();
    }

    /** What journald printed (to diagnose a failed start). */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            signal("CONT");
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        Files.deleteIfExists(log);
    }

    /** One journald for a test class: started before its first test, stopped after its last. */
    public static final class PerClass implements BeforeAllCallback, AfterAllCallback {
        private final String hostname;
        private PrivateJournald journald;

        public PerClass(String hostname) {
            this.hostname = hostname;
        }

        public PrivateJournald get() {
            return journald;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            journald = start(hostname);
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            if (journald != null) {
                journald.close();
            }
        }
    }

    /** Runs a tool to completion with a timeout; its stdout, or an error with its stderr. */
    public static final class Tool {
        private Tool() {
        }

        public static String run(List<String> argv, Duration timeout) throws IOException, InterruptedException {
            Path err = Files.createTempFile("tool-", ".err");
            try {
                Process p = new ProcessBuilder(argv).redirectError(err.toFile()).start();
                p.getOutputStream().close();
                byte[][] out = new byte[1][];
                Thread reader = Thread.ofVirtual().start(() -> {
                    try {
                        out[0] = p.getInputStream().readAllBytes();
                    } catch (IOException e) {
                        out[0] = new byte[0];
                    }
                });
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new IOException(argv + " did not finish within " + timeout);
                }
                reader.join();
                if (p.exitValue() != 0) {
                    throw new IOException(argv + " exited " + p.exitValue() + ": " + Files.readString(err).strip());
                }
                return new String(out[0], StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(err);
            }
        }
    }
}
