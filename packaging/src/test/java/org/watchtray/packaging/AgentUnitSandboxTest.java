package org.watchtray.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.agent.AgentMain;

/**
 * The agent under its own systemd unit's sandbox ({@link UnitSandbox}: the unit's capability
 * bounding set, its group, no new privileges, a private network and mount namespace with only
 * processes in /proc, its system-call filter), serving a desktop user who is a member of the
 * group, as the installed service must.
 */
class AgentUnitSandboxTest {
    private static String unit;

    @BeforeAll
    static void readUnit() throws IOException {
        Assumptions.assumeTrue(new ProcessBuilder("id", "-u").start().inputReader().readLine().equals("0"),
                "running the agent as its unit does needs root (namespaces, setpriv)");
        try (InputStream in = AgentUnitSandboxTest.class.getResourceAsStream("/systemd/watchtray-agent.service")) {
            unit = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What the unit's agent said, and what a member of its group saw. */
    private record Outcome(String agentLog, String member, String socketGroup, String socketMode) {
    }

    private static Outcome run(String unitText, Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        UnitSandbox sandbox = new UnitSandbox(unitText);
        int gid = UnitSandbox.freeGid();
        Path groupFile = UnitSandbox.groupFile(dir.resolve("group"), "watchtray", gid);
        Path socket = dir.resolve("agent.sock");
        List<String> argv = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                AgentMain.class.getName()));
        List<String> exec = sandbox.execStart();
        for (int i = 1; i < exec.size(); i++) {   // the unit's own options, at a socket of the test's
            argv.add(exec.get(i).equals("/run/watchtray/agent.sock") ? socket.toString() : exec.get(i));
        }
        Path log = dir.resolve("agent.log");
        Process agent = new ProcessBuilder(sandbox.command(groupFile, gid, dir, argv)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(socket)) {
                assertTrue(agent.isAlive() && System.nanoTime() < deadline, () -> "the agent did not serve:\n" + read(log));
                Thread.sleep(50);
            }
            String group = Files.getAttribute(socket, "unix:gid").toString().equals(Integer.toString(gid)) ? "watchtray"
                    : Files.getAttribute(socket, "unix:gid").toString();
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(socket));
            Run member = Run.of("setpriv", "--reuid=65534", "--regid=65534", "--groups=" + gid,
                    System.getProperty("java.home") + "/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "--enable-native-access=ALL-UNNAMED", "-cp", org.watchtray.nativeaccess.testing.OtherUser.classPath(), MemberProbe.class.getName(), socket.toString());
            return new Outcome(read(log), member.output().strip(), group, mode);
        } finally {
            agent.destroy(); // SIGTERM, as systemd stops it
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "the agent stopped on SIGTERM");
        }
    }


    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void underItsUnitTheAgentServesAMemberOfItsGroup(@TempDir Path dir) throws Exception {
        Outcome o = run(unit, dir);
        assertEquals("watchtray", o.socketGroup(), o.agentLog());
        assertEquals("rw-rw----", o.socketMode());
        assertEquals("usb: via watchtray-agent: /dev/kmsg records with SUBSYSTEM=usb + NETLINK_KOBJECT_UEVENT group 1", o.member(),
                "the member reads the kernel log and uevents through the agent:\n" + o.agentLog());
        assertTrue(o.agentLog().contains("to root and group 'watchtray'"), o.agentLog());
    }

    @Test
    void anAgentThatCannotGiveItsSocketToTheGroupSaysSoAndWhy(@TempDir Path dir) throws Exception {
        // The unit as it was: no Group=, and a bounding set without CAP_CHOWN.
        Outcome o = run(unit.replace("Group=watchtray\n", ""), dir);
        assertEquals("0", o.socketGroup(), "the socket stays root's");
        assertTrue(o.agentLog().contains("to root only: cannot give the socket to group 'watchtray' (Operation not permitted): the agent"
                + " needs CAP_CHOWN, or to run with that group as its own (Group= in its unit)"), o.agentLog());
        assertTrue(!o.agentLog().contains("does not exist"), "the group exists: " + o.agentLog());
        assertTrue(o.member().endsWith("permission denied; the agent serves root and its group); retrying in 1 s)")
                || o.member().contains("permission denied; the agent serves root and its group"), o.member());
    }
}
