package org.watchtray.agent;

import org.watchtray.nativeaccess.testing.OtherUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link ProbeClient} running as uid 65534 with the given setpriv group options: its lines before READY, then after. */
final class Probe implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    final List<String> before = new ArrayList<>();

    Probe(Path socket, int subscriptions, boolean hello, String... groupOptions) throws IOException {
        String classPath = OtherUser.classPath();
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534"));
        cmd.addAll(List.of(groupOptions));
        cmd.addAll(List.of(System.getProperty("java.home") + "/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, ProbeClient.class.getName(), socket.toString(),
                Integer.toString(subscriptions), hello ? "hello" : "plain"));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null && !line.equals("READY"); ) {
            before.add(line);
        }
    }

    /** Lets the probe read on: each subscription still open reports the first record about USB it gets. */
    List<String> after() throws IOException, InterruptedException {
        OutputStream in = process.getOutputStream();
        in.write('\n');
        in.flush();
        List<String> lines = out.lines().toList();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("probe client did not finish");
        }
        return lines;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
