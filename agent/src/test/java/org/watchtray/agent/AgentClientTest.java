package org.watchtray.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.source.SourceStatus.State;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.nativeaccess.unix.SeqpacketSockets;

/** The desktop's agent client against a real agent server: absent, present, restarted, stale, refused. */
class AgentClientTest {
    private static final UsbEvent RECENT = new UsbEvent(Instant.parse("2026-11-27T08:00:00Z"), UsbEvent.Change.RESET, "1-4", "Hub", "", 0, 2, 2);

    private Path dir;
    private Path socket;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("watchtray-client-test");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        socket = dir.resolve("run/agent.sock");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    private TestAgent agent(String mode, String group) throws Exception {
        return keep(new TestAgent(socket, PosixFilePermissions.fromString(mode), group, 512, new FeedSource(SourceId.USB, List.of(RECENT)))).awaitServing();
    }

    private static boolean viaAgent(SourceStatus s) {
        return s.state() == State.ACTIVE && s.mechanism().equals("via watchtray-agent: test feed");
    }

    @Test
    void saysTheAgentIsNotInstalledAndKeepsRunning() throws Exception {
        Desktop d = keep(new Desktop(socket));
        SourceStatus s = d.awaitStatus(SourceId.THINPOOL, st -> st.reason().contains("not installed"), 5000);
        assertEquals("thinpool: not running \u2014 watchtray-agent not installed (no socket at " + socket + ")", s.describe());
        assertEquals("usb: not running \u2014 watchtray-agent not installed (no socket at " + socket + ")", d.status(SourceId.USB).describe());
    }

    @Test
    void connectsReceivesStateAndEventsAndReportsTheAgentsStatuses() throws Exception {
        TestAgent agent = agent("rw-rw----", "root");
        Desktop d = keep(new Desktop(socket));
        d.awaitStatus(SourceId.USB, AgentClientTest::viaAgent, 5000);
        SourceStatus pools = d.awaitStatus(SourceId.THINPOOL, st -> st.state() == State.UNAVAILABLE && st.reason().contains("does not watch"), 5000);
        assertEquals("thinpool: not running \u2014 watchtray-agent does not watch thinpool (turned off there)", pools.describe());
        assertEquals(List.of(RECENT), d.awaitEvents(UsbEvent.class, e -> true, 1, 5000)); // the snapshot
        UsbEvent plugged = new UsbEvent(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS), UsbEvent.Change.ADDED, "2-1", "Dock", "", 0, 12, 0);
        agent.usb.feed(agent.poller, List.of(plugged));
        assertEquals(plugged, d.awaitEvents(UsbEvent.class, e -> e.change() == UsbEvent.Change.ADDED, 1, 5000).get(0));
    }

    @Test
    void reconnectsWhenTheAgentRestarts() throws Exception {
        TestAgent first = agent("rw-rw----", "root");
        Desktop d = keep(new Desktop(socket));
        d.awaitStatus(SourceId.USB, AgentClientTest::viaAgent, 5000);
        first.close();
        open.remove(first);
        SourceStatus gone = d.awaitStatus(SourceId.USB, st -> st.state() == State.UNAVAILABLE, 5000);
        assertTrue(gone.reason().startsWith("watchtray-agent not"), gone.describe());
        long t0 = System.nanoTime();
        TestAgent second = agent("rw-rw----", "root");
        d.awaitStatus(SourceId.USB, AgentClientTest::viaAgent, 10_000);
        long reconnectMillis = (System.nanoTime() - t0) / 1_000_000;
        UsbEvent after = new UsbEvent(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS), UsbEvent.Change.REMOVED, "2-1", "Dock", "", 0, 1, 0);
        second.usb.feed(second.poller, List.of(after));
        d.awaitEvents(UsbEvent.class, e -> e.equals(after), 1, 5000);
        System.out.println("reconnected " + reconnectMillis + " ms after the agent was started again");
    }

    @Test
    void aStaleSocketMeansNotRunningAndBackoffRetriesUntilTheAgentIsBack() throws Exception {
        Files.createDirectories(socket.getParent());
        LinuxLibc libc = new LinuxLibc();
        libc.close(new SeqpacketSockets(libc).listen(socket, 1)); // bound then closed: the file stays, nobody listens
        Desktop d = keep(new Desktop(socket));
        SourceStatus s = d.awaitStatus(SourceId.USB, st -> st.reason().contains("nothing listens"), 5000);
        assertEquals("usb: not running \u2014 watchtray-agent not reachable (nothing listens at " + socket
                + ": the agent is not running); retrying in 1 s", s.describe());
        d.awaitStatus(SourceId.USB, st -> st.reason().endsWith("retrying in 2 s"), 5000); // the first retry failed too
        agent("rw-rw----", "root");
        d.awaitStatus(SourceId.USB, AgentClientTest::viaAgent, 10_000);
    }

    @Test
    void aRefusedSessionSaysWhy() throws Exception {
        agent("rw-rw-rw-", "adm");
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.startsWith(System.getProperty("user.home")))
                .collect(Collectors.joining(File.pathSeparator));
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                System.getProperty("java.home") + "/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-cp", classPath, DesktopProbe.class.getName(), socket.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        String why = "watchtray-agent not reachable (refused by watchtray-agent: uid 65534 is not root and not in group 'adm' (gid 4));"
                + " will retry when the agent restarts";
        assertEquals(List.of("thinpool: not running \u2014 " + why, "usb: not running \u2014 " + why), lines);
    }
}
