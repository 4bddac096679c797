package org.watchtray.nativeaccess.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private KCM server for one test: Debian's sssd-kcm ({@code /usr/libexec/sssd/sssd_kcm}) in
 * the foreground, with no systemd and nothing of the host's touched. sssd keeps its
 * configuration database and the ccaches under /var/lib/sss, a path built into it, so it runs
 * in a private mount namespace ({@code unshare -m}) where /var/lib/sss and /var/log/sssd are
 * fresh tmpfs mounts and /etc/sssd is this daemon's own directory; its sssd.conf puts the
 * listening socket in a temp dir the host side reaches. {@code sssd --genconf-section=kcm}
 * writes the configuration database first, as the packaged unit's ExecStartPre does. Clients
 * find the socket through {@code [libdefaults] kcm_socket} (see {@link TestKdc#addLibdefault}).
 * A daemon that does not come up fails the test with its output (CI installs sssd-kcm).
 */
public final class KcmDaemon implements AutoCloseable {
    public static final String SSSD_KCM = "/usr/libexec/sssd/sssd_kcm";
    private static final String SSSD = "/usr/sbin/sssd";

    private final Path dir;
    private final Path socket;
    private final Process process;

    private KcmDaemon(Path dir, Path socket, Process process) {
        this.dir = dir;
        this.socket = socket;
        this.process = process;
    }

    /** Starts sssd_kcm listening on a socket in a new temp dir under {@code parent}; returns once it listens. */
    public static KcmDaemon start(Path parent) throws IOException, InterruptedException {
        for (String tool : List.of(SSSD_KCM, SSSD)) {
            if (!Files.isExecutable(Path.of(tool))) {
                throw new AssertionError(tool + " not found: install sssd-kcm (bin/install-test-deps)");
            }
        }
        Path dir = Files.createTempDirectory(parent, "kcm");
        Path etc = Files.createDirectory(dir.resolve("etc"));
        Path socket = dir.resolve("kcm.sock");
        Path conf = etc.resolve("sssd.conf");
        Files.writeString(conf, """
                [sssd]
                services =
                [kcm]
                socket_path = %s
                """.formatted(socket));
        // sssd refuses a configuration file anyone else may read or write.
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        Files.createDirectory(etc.resolve("conf.d"));
        String script = String.join(" && ",
                "mount -t tmpfs tmpfs /var/lib/sss",
                "mkdir -p /var/lib/sss/db /var/lib/sss/secrets /var/lib/sss/pipes/private /var/lib/sss/mc",
                "mount -t tmpfs tmpfs /var/log/sssd",
                "mount --bind " + quote(etc.toString()) + " /etc/sssd",
                SSSD + " --genconf-section=kcm --logger=stderr",
                "exec " + SSSD_KCM + " --uid 0 --gid 0 --logger=stderr --debug-level=2");
        // unshare execs the shell, which execs sssd_kcm: the Process is the daemon itself.
        Process p = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sssd_kcm.log").toFile())
                .start();
        KcmDaemon daemon = new KcmDaemon(dir, socket, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!Files.exists(socket)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String log = daemon.log();
                daemon.close();
                throw new AssertionError("sssd_kcm did not listen on " + socket + ":\n" + log);
            }
            Thread.sleep(20);
        }
        return daemon;
    }

    /** The socket clients connect to ({@code kcm_socket}). */
    public Path socket() {
        return socket;
    }

    /** What the daemon printed so far. */
    public String log() {
        try {
            return Files.readString(dir.resolve("sssd_kcm.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
