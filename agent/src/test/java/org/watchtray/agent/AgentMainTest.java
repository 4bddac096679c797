package org.watchtray.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.record.WatchRecord;
import org.watchtray.core.source.SourceStatus;

/**
 * The real {@code watchtray-agent} command in a child process with the capabilities its systemd
 * unit leaves it (here: CAP_SYSLOG or nothing; this host has no device-mapper for
 * CAP_SYS_ADMIN): what a desktop then learns about USB, and a clean stop on SIGTERM.
 */
class AgentMainTest {

    private static SourceStatus usbStatusWith(Path socket, String boundingSet) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--bounding-set=" + boundingSet, "--inh-caps=-all",
                System.getProperty("java.home") + "/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                AgentMain.class.getName(), "--socket", socket.toString(), "--group", "root", "--no-thinpool",
                // Nothing of this test goes to this machine's journal, and no /etc/watchtray/agent.json is read.
                "--no-journal", "--config", socket.resolveSibling("no-agent.json").toString()));
        Process agent = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(socket.resolveSibling("agent.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(socket)) {
                assertTrue(agent.isAlive() && System.nanoTime() < deadline, () -> "agent did not serve: " + log(socket));
                Thread.sleep(20);
            }
            try (RecordReader reader = new RecordReader(socket).hello()) {
                List<WatchRecord> rs = reader.readUntil(ProbeClient.snapshotDone(true), 30_000);
                return RecordReader.events(rs).stream().filter(e -> e instanceof SourceStatusEvent s && s.status().source() == SourceId.USB)
                        .map(e -> ((SourceStatusEvent) e).status()).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(rs.toString()));
            }
        } finally {
            agent.destroy(); // SIGTERM, as systemd stops it
            assertTrue(agent.waitFor(20, TimeUnit.SECONDS), "agent did not stop on SIGTERM");
            assertFalse(Files.exists(socket), "the agent removes its socket when it stops: " + log(socket));
        }
    }

    private static String log(Path socket) {
        try {
            return Files.readString(socket.resolveSibling("agent.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void withCapSyslogItReadsTheKernelLog(@TempDir Path dir) throws Exception {
        SourceStatus usb = usbStatusWith(dir.resolve("agent.sock"), "-all,+syslog");
        assertEquals(SourceStatus.active(SourceId.USB, "/dev/kmsg records with SUBSYSTEM=usb + NETLINK_KOBJECT_UEVENT group 1"), usb);
    }

    @Test
    void withoutCapSyslogItSaysWhyItHasOnlyUevents(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.readString(Path.of("/proc/sys/kernel/dmesg_restrict")).strip().equals("1"),
                "kernel.dmesg_restrict=0 here: anyone may read the kernel log");
        SourceStatus usb = usbStatusWith(dir.resolve("agent.sock"), "-all");
        assertEquals(new SourceStatus(SourceId.USB, SourceStatus.State.DEGRADED, "NETLINK_KOBJECT_UEVENT group 1 only (plug, unplug, over-current)",
                "/dev/kmsg: EPERM (reading the kernel log needs CAP_SYSLOG where kernel.dmesg_restrict=1, or printk.devkmsg=off)"), usb);
    }

    /** The agent command as the service runs it, under {@code prefix} (prlimit …), with these options. */
    private static Process agent(Path log, List<String> prefix, String... options) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(System.getProperty("java.home") + "/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), AgentMain.class.getName()));
        cmd.addAll(List.of(options));
        // Nothing of these tests goes to this machine's journal, and no /etc/watchtray/agent.json is read.
        cmd.addAll(List.of("--no-journal", "--config", log.resolveSibling("no-agent.json").toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void aServerThatCannotServeExitsNonZeroSoSystemdRestartsIt(@TempDir Path dir) throws Exception {
        Path socket = Files.writeString(dir.resolve("agent.sock"), "not a socket");
        Process p = agent(dir.resolve("agent.log"), List.of(), "--socket", socket.toString(), "--group", "root", "--no-thinpool", "--no-usb");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the agent ended");
        assertEquals(1, p.exitValue(), Files.readString(dir.resolve("agent.log")));
        assertTrue(Files.readString(dir.resolve("agent.log")).contains("watchtray-agent cannot serve and exits: " + socket
                + " exists and is not a socket: not replacing it"), Files.readString(dir.resolve("agent.log")));
    }

    @Test
    void runningOutOfDescriptorsRefusesNewcomersWithTheReasonAndNeverStopsTheServer(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("agent.sock");
        Path log = dir.resolve("agent.log");
        // Root is not bounded per user, so root's sessions run the agent out of descriptors (RLIMIT_NOFILE 128).
        Process p = agent(log, List.of("prlimit", "--nofile=128:128"), "--socket", socket.toString(), "--group", "root",
                "--no-thinpool", "--no-usb");
        List<RecordReader> sessions = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(socket)) {
                assertTrue(p.isAlive() && System.nanoTime() < deadline, () -> "agent did not serve: " + read(log));
                Thread.sleep(20);
            }
            List<WatchRecord> refusal = null;
            for (int i = 0; i < 200 && refusal == null; i++) {
                RecordReader r = new RecordReader(socket).hello();
                List<WatchRecord> rs = r.readUntil(all -> r.eof() || ProbeClient.snapshotDone(true).test(all), 30_000);
                if (r.eof()) {
                    refusal = rs;
                    r.close();
                } else {
                    sessions.add(r);
                }
            }
            assertTrue(refusal != null, "never out of descriptors: " + sessions.size() + " sessions");
            String why = RecordReader.describe(refusal.getFirst());
            assertTrue(why.matches("EVENT meta.source_status thinpool: not running \u2014 watchtray-agent refused this session: watchtray-agent"
                    + " has run out of file descriptors \\(EMFILE\\) with \\d+ sessions; try again later"), why);
            // Again and again: still refused with the reason, and the agent keeps running.
            for (int i = 0; i < 8; i++) {
                try (RecordReader again = new RecordReader(socket).hello()) {
                    List<WatchRecord> rs = again.readUntil(all -> false, 30_000);
                    assertTrue(again.eof() && RecordReader.describe(rs.getFirst()).contains("run out of file descriptors"), rs.toString());
                }
            }
            assertTrue(p.isAlive(), read(log));
            // A session that ends makes room for a new one (as soon as the agent has seen it end: it may still
            // be refusing the next peer in the same wakeup); the sessions held all along are still open.
            sessions.removeFirst().close();
            List<WatchRecord> served = List.of();
            long until = System.nanoTime() + 30_000_000_000L;
            while (!ProbeClient.snapshotDone(true).test(served) && System.nanoTime() < until) {
                try (RecordReader fresh = new RecordReader(socket).hello()) {
                    served = fresh.readUntil(ProbeClient.snapshotDone(true), 30_000);
                }
            }
            assertTrue(ProbeClient.snapshotDone(true).test(served), "served again after a session ended: " + served);
            for (RecordReader held : sessions) {
                held.readUntil(all -> false, 0);
                assertFalse(held.eof(), "a session held through the shortage is still open");
            }
        } finally {
            sessions.forEach(RecordReader::close);
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(read(log).contains("out of file descriptors"), read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void helpListsTheOptions() throws Exception {
        Process p = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"),
                AgentMain.class.getName(), "--help").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        for (String option : List.of("--socket", "--group", "--queue", "--max-per-user", "--max-sessions", "--data-thresholds",
                "--report-within", "--max-reading", "--safety-reading", "--write-settle", "--burst-window", "--dm-wait", "--replay-kmsg", "--config", "--metrics-textfile", "--no-journal")) {
            assertTrue(out.contains(option), option + " missing from:\n" + out);
        }
    }
}
