package org.watchtray.nativeaccess.lab;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.watchtray.core.settings.Environment;

/**
 * A throwaway MIT Kerberos realm for one test class: a database in a temp dir
 * ({@code kdb5_util create -s}), principals added with {@code kadmin.local}, and {@code krb5kdc -n}
 * listening on a random loopback port, configured only through a private KRB5_CONFIG and
 * KRB5_KDC_PROFILE. Killed and deleted afterwards. A KDC that cannot start fails the tests
 * with its log: it is never a silent skip (CI installs krb5-kdc, krb5-admin-server, krb5-user).
 *
 * <pre>@RegisterExtension static final TestKdc KDC = new TestKdc();</pre>
 */
public final class TestKdc implements BeforeAllCallback, AfterAllCallback {
    public static final String REALM = "WATCHTRAY.TEST";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(20);
    private static final DateTimeFormatter KLIST_TIME = DateTimeFormatter.ofPattern("MM/dd/yy HH:mm:ss");
    private static final Pattern KLIST_TGT = Pattern.compile(
            "(\\d\\d/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d)\\s+(\\d\\d/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d)\\s+krbtgt/" + Pattern.quote(REALM) + "@"
                    + Pattern.quote(REALM) + "[ \\t]*(?:\\n\\s*renew until (\\d\\d/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d))?");

    private Path dir;
    private int port;
    private Process kdc;

    public TestKdc() {
    }

    private TestKdc(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The realm another process started (a child JVM uses it to run kinit and friends); not stopped by this instance. */
    public static TestKdc attach(Path dir, int port) {
        return new TestKdc(dir, port);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public void start() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("watchtray-kdc");
        String lastFailure = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            port = freeLoopbackPort();
            writeConfig();
            if (attempt == 0) {
                run(List.of(tool("kdb5_util"), "create", "-s", "-P", "master-" + ProcessHandle.current().pid(), "-r", REALM), null);
            }
            Files.deleteIfExists(dir.resolve("kdc.log"));
            kdc = tool(List.of(tool("krb5kdc"), "-n", "-r", REALM, "-P", dir.resolve("kdc.pid").toString()), null)
                    .redirectOutput(dir.resolve("krb5kdc.out").toFile())
                    .start();
            if (awaitListening()) {
                return;
            }
            lastFailure = describeKdc();
            kdc.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        throw new AssertionError("krb5kdc did not start on 127.0.0.1 (3 attempts):\n" + lastFailure);
    }

    public void stop() {
        if (kdc != null) {
            kdc.destroy();
            try {
                if (!kdc.waitFor(5, TimeUnit.SECONDS)) {
                    kdc.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kdc = null;
        }
        if (dir != null) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A leftover temp dir is harmless.
            }
        }
    }

    public Path dir() {
        return dir;
    }

    public Path krb5Conf() {
        return dir.resolve("krb5.conf");
    }

    public int port() {
        return port;
    }

    /** Adds a line to krb5.conf's [libdefaults] for every later tool run and context (e.g. "kcm_socket = /x"). */
    public void addLibdefault(String line) throws IOException {
        Files.writeString(krb5Conf(), Files.readString(krb5Conf()).replace("[libdefaults]\n", "[libdefaults]\n    " + line + "\n"));
    }

    /** The environment a source or CLI under test gets: this realm's krb5.conf and {@code ccname}. */
    public Environment environment(String ccname) {
        return new Environment(Map.of("KRB5_CONFIG", krb5Conf().toString(), "KRB5CCNAME", ccname), dir);
    }

    /** Adds a principal with a password and lifetimes in kadmin's syntax ("5 min", "1 hour", "0"). */
    public void addPrincipal(String name, String password, String maxLife, String maxRenewLife) throws IOException, InterruptedException {
        run(List.of(tool("kadmin.local"), "-r", REALM, "-q",
                "addprinc -pw " + password + " -maxlife \"" + maxLife + "\" -maxrenewlife \"" + maxRenewLife + "\" " + name), null);
    }

    /** {@code kinit OPTIONS PRINCIPAL} into {@code ccname}, the password on stdin. */
    public String kinit(String ccname, String principal, String password, String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kinit"));
        cmd.addAll(List.of(options));
        cmd.add(principal);
        return run(cmd, ccname, password + "\n");
    }

    public String klist(String ccname) throws IOException, InterruptedException {
        return run(List.of("klist"), ccname, null);
    }

    public String kdestroy(String ccname) throws IOException, InterruptedException {
        return run(List.of("kdestroy"), ccname, null);
    }

    /** The TGT's end time and renew-until as klist prints them (whole seconds, UTC). */
    public record KlistTimes(Instant expires, Instant renewUntil) {
    }

    public KlistTimes klistTgt(String ccname) throws IOException, InterruptedException {
        String out = klist(ccname);
        Matcher m = KLIST_TGT.matcher(out);
        if (!m.find()) {
            throw new AssertionError("klist shows no TGT for " + REALM + " in " + ccname + ":\n" + out);
        }
        return new KlistTimes(klistTime(m.group(2)), m.group(3) == null ? null : klistTime(m.group(3)));
    }

    private static Instant klistTime(String text) {
        return LocalDateTime.parse(text, KLIST_TIME).toInstant(ZoneOffset.UTC);
    }

    private String run(List<String> command, String ccname) throws IOException, InterruptedException {
        return run(command, ccname, null);
    }

    /**
     * A krb5 tool that sees only this realm's configuration (and {@code ccname} when not null),
     * in the C locale and UTC so its output parses the same everywhere.
     */
    public ProcessBuilder tool(List<String> command, String ccname) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("KRB5"));
        env.put("KRB5_CONFIG", krb5Conf().toString());
        env.put("KRB5_KDC_PROFILE", dir.resolve("kdc.conf").toString());
        env.put("LC_ALL", "C");
        env.put("TZ", "UTC");
        if (ccname != null) {
            env.put("KRB5CCNAME", ccname);
        }
        return pb;
    }

    /** Runs a krb5 tool; a non-zero exit is an AssertionError with its output. */
    public String run(List<String> command, String ccname, String stdin) throws IOException, InterruptedException {
        Process p = tool(command, ccname).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + TOOL_TIMEOUT.toSeconds() + " s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + (ccname == null ? "" : " (KRB5CCNAME=" + ccname + ")")
                    + " exited " + p.exitValue() + ":\n" + out);
        }
        return out;
    }

    /** The tool's absolute path: the KDC tools live in /usr/sbin, which a test runner's PATH may lack. */
    public static String tool(String name) {
        for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin").split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError(name + " not found (install krb5-kdc, krb5-admin-server and krb5-user)");
    }

    private void writeConfig() throws IOException {
        Files.writeString(dir.resolve("krb5.conf"), """
                [libdefaults]
                    default_realm = %1$s
                    dns_lookup_kdc = false
                    dns_lookup_realm = false
                    rdns = false
                    kdc_timeout = 2s
                    max_retries = 1
                [realms]
                    %1$s = {
                        kdc = 127.0.0.1:%2$d
                    }
                """.formatted(REALM, port));
        Files.writeString(dir.resolve("kdc.conf"), """
                [kdcdefaults]
                    kdc_ports = %2$d
                    kdc_tcp_ports = %2$d
                [realms]
                    %1$s = {
                        database_name = %3$s/principal
                        key_stash_file = %3$s/stash
                        acl_file = %3$s/kadm5.acl
                        kdc_listen = 127.0.0.1:%2$d
                        kdc_tcp_listen = 127.0.0.1:%2$d
                        max_life = 1h
                        max_renewable_life = 1d
                    }
                [logging]
                    kdc = FILE:%3$s/kdc.log
                """.formatted(REALM, port, dir));
    }

    private boolean awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!kdc.isAlive()) {
                return false;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    private String describeKdc() {
        StringBuilder sb = new StringBuilder(kdc.isAlive() ? "krb5kdc running but not listening\n" : "krb5kdc exited " + kdc.exitValue() + "\n");
        for (String f : List.of("krb5kdc.out", "kdc.log")) {
            try {
                sb.append("--- ").append(f).append(" ---\n").append(Files.readString(dir.resolve(f)));
            } catch (IOException e) {
                sb.append("--- ").append(f).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return sb.toString();
    }

    /** A port free for both TCP and UDP on loopback right now (the KDC listens on both). */
    private static int freeLoopbackPort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int candidate = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate))) {
                    return candidate;
                } catch (IOException udpTaken) {
                    // try another
                }
            }
        }
        throw new IOException("no free loopback port for TCP and UDP");
    }
}
