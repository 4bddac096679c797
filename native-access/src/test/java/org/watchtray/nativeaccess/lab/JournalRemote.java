package org.watchtray.nativeaccess.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A central log host for a test: {@code systemd-journal-remote} listening for plain HTTP on a
 * free loopback port and writing everything it receives to one journal file in a temp dir, and
 * {@code systemd-journal-upload} runs that send a workstation's journal to it (as a fleet's
 * workstations do, over HTTPS with certificates). Debian package {@code systemd-journal-remote}.
 */
public final class JournalRemote implements AutoCloseable {
    public static final Path REMOTE = Path.of("/lib/systemd/systemd-journal-remote");
    public static final Path UPLOAD = Path.of("/lib/systemd/systemd-journal-upload");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final int port;
    private final Process process;

    private JournalRemote(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static JournalRemote start() throws IOException, InterruptedException {
        for (Path tool : List.of(REMOTE, UPLOAD)) {
            if (!Files.isExecutable(tool)) {
                throw new IllegalStateException(tool + " is missing: bin/install-test-deps installs systemd-journal-remote");
            }
        }
        Path dir = Files.createTempDirectory("journal-remote");
        for (int attempt = 0; ; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Process p = new ProcessBuilder(REMOTE.toString(), "--listen-http=127.0.0.1:" + port,
                    "--output=" + dir.resolve("remote.journal"), "--split-mode=none")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("remote.log").toFile()).start();
            JournalRemote r = new JournalRemote(dir, port, p);
            if (r.awaitListening()) {
                return r;
            }
            r.close();
            if (attempt == 3) {
                throw new IllegalStateException("systemd-journal-remote did not listen: " + Files.readString(dir.resolve("remote.log")));
            }
            // Another process took the port between the probe and the bind: try another one.
        }
    }

    private boolean awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The journal file everything arrives in. */
    public Path journal() {
        return dir.resolve("remote.journal");
    }

    /** Sends everything in {@code journalDirectory} once ({@code --follow=no}) and returns when the upload is done. */
    public void upload(Path journalDirectory, String name) throws IOException, InterruptedException {
        PrivateJournald.Tool.run(List.of(UPLOAD.toString(), "--url=" + url(), "--directory=" + journalDirectory, "--follow=no",
                "--save-state=" + dir.resolve(name + ".state")), TIMEOUT);
    }

    /** {@code journalctl --file <remote.journal> -o json MATCH…}, as the central host filters. */
    public List<Map<String, String>> entries(String... matches) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("journalctl", "--file=" + journal(), "-o", "json", "--all", "--no-pager"));
        argv.addAll(List.of(matches));
        return PrivateJournald.parseJson(PrivateJournald.Tool.run(argv, TIMEOUT));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
