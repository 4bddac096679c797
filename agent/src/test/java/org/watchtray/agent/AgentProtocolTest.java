package org.watchtray.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.record.WatchRecord;
import org.watchtray.core.record.WatchRecord.SnapshotMarker;
import org.watchtray.core.source.Reading;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.usb.UsbReading;

/** The agent's socket protocol over real SOCK_SEQPACKET sockets on this host. */
class AgentProtocolTest {
    private static final Instant T = Instant.parse("2026-11-27T09:00:00Z");
    /** What the USB feed reads at start: the devices present and a recent enumeration error on 3-2. */
    private static final UsbReading.Devices PRESENT = new UsbReading.Devices(T, java.util.Map.of("3-2", "Stick"));
    private static final UsbReading.KernelLogRecord RECENT_ERROR = Readings.descriptorError(T, 100, "3-2");

    private Path dir;
    private Path socket;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("watchtray-agent-test");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // other uids reach the socket
        socket = dir.resolve("agent.sock");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    private TestAgent agent(AgentConfig config) throws Exception {
        TestAgent a = new TestAgent(config, List.of(), List.of(PRESENT, RECENT_ERROR));
        open.add(a);
        return a.awaitServing();
    }

    private TestAgent agent(String mode, String group, int capacity) throws Exception {
        return agent(TestAgent.usbOnly(socket, PosixFilePermissions.fromString(mode), group, capacity));
    }

    private RecordReader reader() throws Exception {
        RecordReader r = new RecordReader(socket);
        open.add(r);
        return r;
    }

    private static List<String> lines(List<WatchRecord> rs) {
        return rs.stream().map(RecordReader::describe).toList();
    }

    /** A record the USB feed was fed: "usb 1-1: new … device number N" (known to the kernel's USB core, not worth an event). */
    private static UsbReading.KernelLogRecord fed(int i) {
        return Readings.kmsg(Instant.now(), 1000 + i, 6, "1-1", "new high-speed USB device number " + (i % 127 + 1)
                + " using xhci_hcd (fed " + i + ")");
    }

    private static boolean isFed(WatchRecord r) {
        return r instanceof WatchRecord.AgentReading a && a.reading() instanceof UsbReading.KernelLogRecord k
                && new String(k.record().value(), java.nio.charset.StandardCharsets.UTF_8).contains("(fed ");
    }

    @Test
    void aDesktopThatSaysHelloGetsReadingsOnceTheAgentAnswers() throws Exception {
        agent("rw-rw----", "root", 16);
        RecordReader r = reader().hello();
        List<WatchRecord> rs = r.readUntil(ProbeClient.snapshotDone(true), 10_000);
        List<String> lines = lines(rs);
        assertEquals("HELLO protocol 2 watchtray-agent", lines.get(0));
        int answer = lines.indexOf("PROTOCOL 2");
        assertTrue(answer > 0, lines.toString());
        assertEquals(List.of("PROTOCOL 2", "BEGIN thinpool", "END thinpool", "BEGIN usb"), lines.subList(answer, answer + 4),
                "this agent reads no thin pools: nothing between the markers");
        SourceStatusEvent status = assertInstanceOf(SourceStatusEvent.class, ((WatchRecord.AgentEvent) rs.get(answer + 4)).event());
        assertEquals(SourceStatus.active(SourceId.USB, "test feed"), status.status());
        assertEquals(PRESENT, ((WatchRecord.AgentReading) rs.get(answer + 5)).reading());
        assertEquals(RECENT_ERROR, ((WatchRecord.AgentReading) rs.get(answer + 6)).reading());
        assertEquals("END usb", lines.get(answer + 7));
        assertEquals(answer + 8, rs.size(), lines.toString());
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }

    @Test
    void aDesktopOfProtocolOneGetsTheAgentsOwnDecisionsInRecordsItKnowsAndIsToldWhoseSettingsApply() throws Exception {
        TestAgent agent = agent("rw-rw----", "root", 16);
        agent.awaitEvent(UsbEvent.class, e -> e.change() == UsbEvent.Change.ENUMERATION_ERROR); // decided from the start-up reading
        RecordReader old = reader(); // says nothing: a desktop of protocol 1
        List<WatchRecord> rs = old.readUntil(ProbeClient.snapshotDone(false), 10_000);
        List<String> lines = lines(rs);
        assertEquals(List.of("HELLO protocol 2 watchtray-agent", "BEGIN thinpool", "END thinpool", "BEGIN usb"), lines.subList(0, 4));
        SourceStatus status = ((SourceStatusEvent) ((WatchRecord.AgentEvent) rs.get(4)).event()).status();
        assertEquals(SourceStatus.degraded(SourceId.USB, "test feed", "this desktop speaks agent protocol 1: the agent decides with its"
                + " own USB burst window (1ms), not the user's settings; update watchtray on this desktop"), status);
        UsbEvent recent = (UsbEvent) ((WatchRecord.AgentEvent) rs.get(5)).event();
        assertEquals("USB 3-2 (Stick): device descriptor read error (-71)", EnglishSummary.of(recent));
        assertEquals("END usb", lines.get(6));

        agent.usb.feed(List.of(Readings.descriptorError(Instant.now(), 200, "4-1")));
        rs = old.readUntil(all -> RecordReader.events(all).stream().anyMatch(e -> e instanceof UsbEvent u && u.port().equals("4-1")), 10_000);
        assertTrue(RecordReader.events(rs).stream().anyMatch(e -> e instanceof UsbEvent u && u.port().equals("4-1")), lines(rs).toString());
        // Everything it got is a record a desktop of protocol 1 can decode: no readings, no PROTOCOL.
        Set<String> protocolOne = Set.of("575400/0", "575400/1", "575400/2", "575400/3", "575400/4");
        for (String shape : old.shapes()) {
            assertTrue(protocolOne.contains(shape) || shape.startsWith("575401/") || shape.startsWith("575402/"), shape);
        }
    }

    @Test
    void aSlowSubscriberGetsALossRecordAndNobodyElseWaits() throws Exception {
        TestAgent agent = agent("rw-rw----", "root", 64);
        RecordReader slow = reader().hello();
        RecordReader fast = reader().hello();
        slow.readUntil(ProbeClient.snapshotDone(true), 10_000);   // then it stops reading
        fast.readUntil(ProbeClient.snapshotDone(true), 10_000);
        int total = 20_000;
        List<WatchRecord> fastRecords = List.of();
        for (int start = 0; start < total; start += 100) {
            agent.usb.feed(IntStream.range(start, start + 100).mapToObj(AgentProtocolTest::fed).toList());
            // The reading subscriber keeps up (it reads each batch before the next comes); the slow one reads nothing.
            fastRecords = fast.readCount(AgentProtocolTest::isFed, start + 100, 30_000);
        }
        long fastGot = fastRecords.stream().filter(AgentProtocolTest::isFed).count();
        List<Event> fastEvents = RecordReader.events(fastRecords);
        assertEquals(total, fastGot, "the reading subscriber got every record; losses " + fastEvents.stream().filter(e -> e instanceof LossEvent).toList());
        assertTrue(fastEvents.stream().noneMatch(e -> e instanceof LossEvent), "and no loss");

        List<WatchRecord> slowRecords = slow.readUntil(rs -> RecordReader.events(rs).stream().anyMatch(e -> e instanceof LossEvent)
                && rs.getLast() instanceof SnapshotMarker m && m.boundary() == SnapshotMarker.Boundary.END, 60_000);
        long delivered = slowRecords.stream().filter(AgentProtocolTest::isFed).count();
        LossEvent loss = (LossEvent) RecordReader.events(slowRecords).stream().filter(e -> e instanceof LossEvent).findFirst().orElseThrow();
        assertEquals(SourceId.USB, loss.affected());
        assertEquals(total, delivered + loss.lost(), "delivered " + delivered + " + lost " + loss.lost());
        assertTrue(loss.lost() > 0);
        // In-band and in order: the LOSS record comes after the last delivered record, and the state is replayed after it.
        int lossAt = indexOf(slowRecords, r -> r instanceof WatchRecord.AgentEvent a && a.event() instanceof LossEvent);
        int lastDelivered = lastIndexOf(slowRecords, AgentProtocolTest::isFed);
        assertTrue(lossAt > lastDelivered, "LOSS at " + lossAt + " after the last delivered record at " + lastDelivered);
        assertInstanceOf(SnapshotMarker.class, slowRecords.get(lossAt + 1));
        List<Reading> replayed = slowRecords.subList(lossAt + 1, slowRecords.size()).stream()
                .filter(r -> r instanceof WatchRecord.AgentReading).map(r -> ((WatchRecord.AgentReading) r).reading()).toList();
        assertEquals(List.of(PRESENT, RECENT_ERROR), replayed);
        System.out.printf("slow subscriber: %d delivered, %d lost, queue 64; fast subscriber %d/%d%n", delivered, loss.lost(), fastGot, total);
    }

    private static int indexOf(List<WatchRecord> rs, java.util.function.Predicate<WatchRecord> p) {
        return IntStream.range(0, rs.size()).filter(i -> p.test(rs.get(i))).findFirst().orElse(-1);
    }

    private static int lastIndexOf(List<WatchRecord> rs, java.util.function.Predicate<WatchRecord> p) {
        return IntStream.range(0, rs.size()).filter(i -> p.test(rs.get(i))).reduce((a, b) -> b).orElse(-1);
    }

    @Test
    void anEmptyPacketFromASubscriberIsNotTheEndOfItsSession() throws Exception {
        TestAgent agent = agent("rw-rw----", "root", 16);
        RecordReader r = reader().hello();
        r.readUntil(ProbeClient.snapshotDone(true), 10_000);
        r.send(new byte[0]);
        r.send(new byte[0]);
        agent.usb.feed(List.of(fed(1)));   // the barrier: had the empty packets ended the session, this would not arrive
        List<WatchRecord> rs = r.readUntil(all -> all.stream().anyMatch(AgentProtocolTest::isFed), 10_000);
        assertFalse(r.eof(), lines(rs).toString());
        assertTrue(rs.stream().anyMatch(AgentProtocolTest::isFed), lines(rs).toString());
    }

    @Test
    void aPeerOutsideTheGroupIsRefusedWithTheReasonAndAMemberIsServed() throws Exception {
        TestAgent agent = agent("rw-rw-rw-", "adm", 16);   // the file mode lets anyone connect: SO_PEERCRED must decide
        try (Probe refused = new Probe(socket, 1, true, "--clear-groups")) {
            assertEquals(List.of(
                    "1 EVENT meta.source_status thinpool: not running \u2014 watchtray-agent refused this session: uid 65534 is not root and not in group 'adm' (gid 4)",
                    "1 EVENT meta.source_status usb: not running \u2014 watchtray-agent refused this session: uid 65534 is not root and not in group 'adm' (gid 4)",
                    "1 EOF"), refused.before);
        }
        try (Probe member = new Probe(socket, 1, true, "--groups=4")) {       // supplementary group adm: SO_PEERGROUPS
            assertEquals("1 HELLO protocol 2 watchtray-agent", member.before.get(0), member.before.toString());
            assertTrue(member.before.contains("1 PROTOCOL 2"), member.before.toString());
            assertEquals("1 END usb", member.before.getLast());
            agent.usb.feed(List.of(fed(1)));
            assertEquals(List.of("1 GOT READING KernelLogRecord usb"), member.after());
        }
    }

    @Test
    void aGroupMemberCannotHoldMoreSessionsThanAllowedAndTheOnesItHoldsKeepTheirRecords() throws Exception {
        TestAgent agent = agent(TestAgent.usbOnly(socket, PosixFilePermissions.fromString("rw-rw-rw-"), "adm", 64).withLimits(64, 3, 64));
        try (Probe probe = new Probe(socket, 4, true, "--groups=4")) {
            List<String> fourth = probe.before.stream().filter(l -> l.startsWith("4 ")).toList();
            assertEquals(List.of(
                    "4 EVENT meta.source_status thinpool: not running \u2014 watchtray-agent refused this session: uid 65534 already holds 3 sessions, the most one user may hold",
                    "4 EVENT meta.source_status usb: not running \u2014 watchtray-agent refused this session: uid 65534 already holds 3 sessions, the most one user may hold",
                    "4 EOF"), fourth);
            agent.usb.feed(List.of(fed(1)));
            assertEquals(List.of("1 GOT READING KernelLogRecord usb", "2 GOT READING KernelLogRecord usb", "3 GOT READING KernelLogRecord usb"),
                    probe.after());
        }
        try (RecordReader root = reader().hello()) {                    // root is not bounded
            assertEquals("END usb", RecordReader.describe(root.readUntil(ProbeClient.snapshotDone(true), 10_000).getLast()));
        }
    }

    @Test
    void usersOtherThanRootTogetherAreBoundedToo() throws Exception {
        TestAgent agent = agent(TestAgent.usbOnly(socket, PosixFilePermissions.fromString("rw-rw-rw-"), "adm", 64).withLimits(64, 8, 2));
        try (Probe probe = new Probe(socket, 3, true, "--groups=4")) {
            assertTrue(probe.before.contains("3 EVENT meta.source_status usb: not running \u2014 watchtray-agent refused this session: the agent"
                    + " already serves 2 sessions of users other than root, the most it takes"), probe.before.toString());
            agent.usb.feed(List.of(fed(1)));
            assertEquals(List.of("1 GOT READING KernelLogRecord usb", "2 GOT READING KernelLogRecord usb"), probe.after());
        }
    }

    @Test
    void aFilePlacedWhereTheSocketGoesIsNotReplacedAndTheAgentEndsSaysWhy() throws Exception {
        Files.writeString(socket, "not a socket");
        TestAgent a = new TestAgent(TestAgent.usbOnly(socket, PosixFilePermissions.fromString("rw-rw----"), "root", 16), List.of(), List.of());
        open.add(a);
        String why = a.agent.awaitFailure();
        assertEquals(socket + " exists and is not a socket: not replacing it", why);
        assertEquals("not a socket", Files.readString(socket));
    }

    @Test
    void closingTheAgentRemovesItsSocketAndEndsSessions() throws Exception {
        TestAgent a = agent("rw-rw----", "root", 16);
        RecordReader r = reader().hello();
        r.readUntil(ProbeClient.snapshotDone(true), 10_000);
        a.close();
        open.remove(a);
        r.readUntil(rs -> false, 10_000);   // returns at the end of the connection
        assertTrue(r.eof());
        assertFalse(Files.exists(socket));
    }
}
