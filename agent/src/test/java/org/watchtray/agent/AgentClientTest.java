package org.watchtray.agent;

import org.watchtray.nativeaccess.testing.OtherUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.record.WatchRecord;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.core.source.Reading;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.source.SourceStatus.State;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.usb.UsbReading;
import org.watchtray.nativeaccess.NativeAccess;

/** The desktop's agent client against a real agent server: absent, present, restarted, stale, refused, older. */
class AgentClientTest {
    private static final Instant T = Instant.parse("2026-11-27T08:00:00Z");
    private static final UsbReading.Devices PRESENT = new UsbReading.Devices(T, Map.of("1-4", "Hub"));
    private static final UsbReading.KernelLogRecord RECENT = Readings.descriptorError(T, 100, "1-4");
    /** The user's settings: a short burst window, so the desktop's decisions come quickly. */
    private static final Settings USER = SettingsBuilder.from(Settings.defaults()).usb(new Settings.Usb(Duration.ofMillis(50))).build();

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

    private TestAgent agent(String mode, String group, List<Reading> pools) throws Exception {
        AgentConfig config = AgentConfig.defaults().withSocket(socket).withGroup(group, PosixFilePermissions.fromString(mode));
        if (pools == null) {
            config = config.onlyUsb(Duration.ofMillis(1));
        }
        return keep(new TestAgent(config, pools == null ? List.of() : pools, List.of(PRESENT, RECENT))).awaitServing();
    }

    private TestAgent agent(String mode, String group) throws Exception {
        return agent(mode, group, null);
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
    void decidesFromTheAgentsReadingsWithTheUsersSettingsAndReportsTheAgentsStatuses() throws Exception {
        TestAgent agent = agent("rw-rw----", "root");
        Desktop d = keep(new Desktop(socket, USER));
        d.awaitStatus(SourceId.USB, AgentClientTest::viaAgent, 10_000);
        SourceStatus pools = d.awaitStatus(SourceId.THINPOOL, st -> st.state() == State.UNAVAILABLE && st.reason().contains("does not watch"), 10_000);
        assertEquals("thinpool: not running \u2014 watchtray-agent does not watch thinpool (turned off there)", pools.describe());
        UsbEvent recent = d.awaitEvents(UsbEvent.class, e -> true, 1, 10_000).get(0); // decided here from the snapshot's readings
        assertEquals("USB 1-4 (Hub): device descriptor read error (-71)", EnglishSummary.of(recent));
        assertEquals(T, recent.time(), "the time the agent read it");
        agent.usb.feed(List.of(Readings.uevent(Instant.now(), "add", "2-1", "Dock", 5000)));
        UsbEvent plugged = d.awaitEvents(UsbEvent.class, e -> e.change() == UsbEvent.Change.ADDED, 1, 10_000).get(0);
        assertEquals("USB 2-1 (Dock) connected", EnglishSummary.of(plugged));
    }

    /**
     * The admin's hook in the agent fails on a USB event (a real script: exit status 5, a stderr
     * with markup, a terminal escape and a second line): the desktop gets it as the agent's
     * {@code hooks} status, a warning, with the exit status and the first line of stderr made safe
     * to show, so it reaches the user's timeline, history and tray.
     */
    @Test
    void anAgentHookThatFailsReachesTheDesktopAsAWarning() throws Exception {
        Path hook = dir.resolve("extend");
        Files.writeString(hook, "#!/bin/sh\nprintf '<i>no free extents</i> \\033[31mred\\nsecond line\\n' >&2\nexit 5\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        org.watchtray.agent.outputs.AgentOutputs outputs = keep(org.watchtray.agent.outputs.AgentOutputs.start(
                org.watchtray.agent.outputs.AgentOutputs.Config.none().withHooks(List.of(
                        org.watchtray.core.hooks.HookSpec.of("extend", List.of(hook.toString()), List.of("usb.added")))),
                java.time.Clock.systemUTC()));
        AgentConfig config = AgentConfig.defaults().withSocket(socket).withGroup("root", PosixFilePermissions.fromString("rw-rw----"))
                .onlyUsb(Duration.ofMillis(1));
        TestAgent agent = keep(new TestAgent(config, List.of(), List.of(PRESENT), outputs)).awaitServing();
        outputs.serveHookReports(agent.agent::serve);
        Desktop d = keep(new Desktop(socket, USER));
        d.awaitStatus(SourceId.USB, AgentClientTest::viaAgent, 10_000);

        agent.usb.feed(List.of(Readings.uevent(Instant.now(), "add", "2-1", "Dock", 5000)));
        var failed = d.awaitEvents(org.watchtray.core.event.SourceStatusEvent.class,
                e -> e.status().source() == SourceId.HOOKS, 1, 20_000).get(0);
        assertEquals("via watchtray-agent: hook 'extend' (" + hook + ")", failed.status().mechanism());
        String reason = failed.status().reason();
        assertTrue(reason.startsWith("exited with status 5 on usb.added \u201c2-1\u201d after "), reason);
        assertTrue(reason.endsWith("; stderr: <i>no free extents</i> \\x1b[31mred"), reason);
        assertEquals(org.watchtray.core.event.Severity.WARNING, failed.severity());
        assertTrue(failed.hookTrouble(), "counts toward the tray's attention");
        assertTrue(org.watchtray.core.agent.AgentClientSource.relayedFromAgent(failed), "the desktop does not journal it again");
    }

    @Test
    void theUsersThresholdsAndBurstWindowApplyLive() throws Exception {
        Instant now = Instant.now();
        TestAgent agent = agent("rw-rw----", "root", List.of(Readings.pool(now, 768)));             // 75 %
        Settings eighty = SettingsBuilder.from(Settings.defaults()).usb(new Settings.Usb(Duration.ofHours(1))).build();
        Desktop d = keep(new Desktop(socket, eighty));
        // The STATUS line comes from the same reading a crossing would: when it is there, a crossing would be too.
        d.awaitEvents(ThinPoolEvent.class, e -> e.change() == ThinPoolEvent.Change.STATUS, 1, 10_000);
        assertEquals(List.of(), d.matching(ThinPoolEvent.class, e -> e.change() == ThinPoolEvent.Change.DATA_THRESHOLD), "75 % is below 80 %");

        d.apply(SettingsBuilder.from(eighty).thinPool(new Settings.ThinPool(List.of(70, 90), List.of(80))).build());
        ThinPoolEvent seventy = d.awaitEvents(ThinPoolEvent.class, e -> e.change() == ThinPoolEvent.Change.DATA_THRESHOLD, 1, 10_000).get(0);
        assertEquals(70, seventy.threshold());
        assertEquals("Thin pool \u201cvg0/pool\u201d data is 75.0% full", EnglishSummary.of(seventy));

        // USB: with a burst window of an hour an error waits; a shorter window releases it at once.
        agent.usb.feed(List.of(Readings.descriptorError(Instant.now(), 300, "4-1")));
        agent.awaitEvent(UsbEvent.class, e -> e.port().equals("4-1"));   // the agent read it and sent it on
        agent.pools.feed(List.of(new org.watchtray.core.thinpool.ThinPoolReading.Status(Instant.now(), "other", "", Readings.TABLE,
                "0 10/2048 10/1024 - rw discard_passdown error_if_no_space - 512 ")));
        d.awaitEvents(ThinPoolEvent.class, e -> e.pool().equals("other"), 1, 10_000);   // sent after it: the desktop has the error
        assertEquals(List.of(), d.matching(UsbEvent.class, e -> e.port().equals("4-1")), "an hour's burst window holds it");
        d.apply(SettingsBuilder.from(eighty).usb(new Settings.Usb(Duration.ofMillis(10))).build());
        UsbEvent released = d.awaitEvents(UsbEvent.class, e -> e.port().equals("4-1"), 1, 10_000).get(0);
        assertEquals(UsbEvent.Change.ENUMERATION_ERROR, released.change());
    }

    @Test
    void reconnectsWhenTheAgentRestartsAndRepeatsNothingItAlreadyDecided() throws Exception {
        TestAgent first = agent("rw-rw----", "root", List.of(Readings.pool(T, 860)));   // 84 %: past 80
        Desktop d = keep(new Desktop(socket, USER));
        d.awaitStatus(SourceId.USB, AgentClientTest::viaAgent, 10_000);
        d.awaitEvents(ThinPoolEvent.class, e -> e.change() == ThinPoolEvent.Change.DATA_THRESHOLD, 1, 10_000);
        d.awaitEvents(UsbEvent.class, e -> e.port().equals("1-4"), 1, 10_000);
        first.close();
        open.remove(first);
        SourceStatus gone = d.awaitStatus(SourceId.USB, st -> st.state() == State.UNAVAILABLE, 10_000);
        assertTrue(gone.reason().startsWith("watchtray-agent not"), gone.describe());
        long t0 = System.nanoTime();
        TestAgent second = agent("rw-rw----", "root", List.of(Readings.pool(T, 860)));
        d.awaitStatus(SourceId.USB, AgentClientTest::viaAgent, 10_000);
        long reconnectMillis = (System.nanoTime() - t0) / 1_000_000;
        second.usb.feed(List.of(Readings.uevent(Instant.now(), "remove", "2-1", "Dock", 6000)));
        d.awaitEvents(UsbEvent.class, e -> e.change() == UsbEvent.Change.REMOVED, 1, 10_000);   // the barrier: after the snapshot
        assertEquals(1, d.matching(ThinPoolEvent.class, e -> e.change() == ThinPoolEvent.Change.DATA_THRESHOLD).size(),
                "the restarted agent's snapshot repeats no threshold");
        assertEquals(1, d.matching(UsbEvent.class, e -> e.port().equals("1-4")).size(), "nor the USB error it had read before");
        System.out.println("reconnected " + reconnectMillis + " ms after the agent was started again");
    }

    @Test
    void aStaleSocketMeansNotRunningAndBackoffRetriesUntilTheAgentIsBack() throws Exception {
        Files.createDirectories(socket.getParent());
        var sockets = NativeAccess.linux().seqpacketSockets();
        sockets.close(sockets.listen(socket, 1)); // bound then closed: the file stays, nobody listens
        Desktop d = keep(new Desktop(socket));
        SourceStatus s = d.awaitStatus(SourceId.USB, st -> st.reason().contains("nothing listens"), 5000);
        assertEquals("usb: not running \u2014 watchtray-agent not reachable (nothing listens at " + socket
                + ": the agent is not running); retrying in 1 s", s.describe());
        d.awaitStatus(SourceId.USB, st -> st.reason().endsWith("retrying in 2 s"), 10_000); // the first retry failed too
        agent("rw-rw----", "root");
        d.awaitStatus(SourceId.USB, AgentClientTest::viaAgent, 10_000);
    }

    @Test
    void aRefusedSessionSaysWhy() throws Exception {
        agent("rw-rw-rw-", "adm");
        String classPath = OtherUser.classPath();
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                System.getProperty("java.home") + "/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-cp", classPath, DesktopProbe.class.getName(), socket.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        String why = "watchtray-agent not reachable (refused by watchtray-agent: uid 65534 is not root and not in group 'adm' (gid 4));"
                + " will retry when the agent restarts";
        assertEquals(List.of("thinpool: not running \u2014 " + why, "usb: not running \u2014 " + why), lines);
    }

    @Test
    void anAgentOfProtocolOneIsUsedAsItIsAndTheStatusSaysTheUsersSettingsCannotApply() throws Exception {
        Files.createDirectories(socket.getParent());
        OldAgent old = keep(new OldAgent(socket));
        Desktop d = keep(new Desktop(socket, USER));
        old.serve();
        SourceStatus pools = d.awaitStatus(SourceId.THINPOOL, st -> st.mechanism().startsWith("via watchtray-agent:"), 10_000);
        assertEquals(new SourceStatus(SourceId.THINPOOL, State.DEGRADED,
                "via watchtray-agent: DM_DEV_ARM_POLL + poll() on /dev/mapper/control (dm ioctl 4.47.0)",
                "watchtray-agent speaks protocol 1: it applies its own thin-pool thresholds, not your settings; they apply once"
                        + " watchtray-agent is updated"), pools);
        assertTrue(d.awaitStatus(SourceId.USB, st -> st.mechanism().startsWith("via watchtray-agent:"), 10_000).reason()
                .contains("it applies its own USB burst window, not your settings"));
        assertEquals(List.of(OldAgent.DECIDED), d.awaitEvents(ThinPoolEvent.class, e -> true, 1, 10_000), "its decisions are used as they are");
        old.send(new UsbEvent(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS), UsbEvent.Change.ADDED, "2-1", "Dock", "", 0, 1, 0));
        d.awaitEvents(UsbEvent.class, e -> e.port().equals("2-1"), 1, 10_000);
        List<WatchRecord> said = old.drain();
        assertTrue(said.getFirst() instanceof WatchRecord.AgentHello h && h.protocolVersion() == 2,
                "the desktop said which protocol it speaks, which the old agent ignores: " + said);
    }
}
