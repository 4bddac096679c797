package org.watchtray.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!Files.exists(socket)) {
                assertTrue(agent.isAlive() && System.nanoTime() < deadline, () -> "agent did not serve: " + log(socket));
                Thread.sleep(20);
            }
            try (RecordReader reader = new RecordReader(socket)) {
                List<WatchRecord> rs = reader.readUntil(r -> r.stream().anyMatch(x -> x instanceof WatchRecord.SnapshotMarker m
                        && m.source() == SourceId.USB && m.boundary() == WatchRecord.SnapshotMarker.Boundary.END), 10_000);
                return RecordReader.events(rs).stream().filter(e -> e instanceof SourceStatusEvent s && s.status().source() == SourceId.USB)
                        .map(e -> ((SourceStatusEvent) e).status()).findFirst().orElseThrow(() -> new AssertionError(rs.toString()));
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

    @Test
    void helpListsTheOptions() throws Exception {
        Process p = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"),
                AgentMain.class.getName(), "--help").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        for (String option : List.of("--socket", "--group", "--queue", "--data-thresholds", "--burst-window", "--dm-wait", "--replay-kmsg",
                "--config", "--metrics-textfile", "--no-journal")) {
            assertTrue(out.contains(option), option + " missing from:\n" + out);
        }
    }
}
