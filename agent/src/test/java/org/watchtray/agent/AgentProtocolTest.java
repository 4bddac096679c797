package org.watchtray.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.record.WatchRecord;
import org.watchtray.core.record.WatchRecord.SnapshotMarker;
import org.watchtray.core.source.SourceStatus;

/** The agent's socket protocol over real SOCK_SEQPACKET sockets on this host. */
class AgentProtocolTest {
    private static final UsbEvent RECENT_ERROR = new UsbEvent(Instant.parse("2026-11-27T09:00:00Z"), UsbEvent.Change.ENUMERATION_ERROR,
            "3-2", "Stick", "device descriptor read/64, error -71", -71, 4, 4);

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

    private TestAgent agent(String mode, String group, int capacity) throws Exception {
        TestAgent a = new TestAgent(socket, PosixFilePermissions.fromString(mode), group, capacity,
                new FeedSource(SourceId.USB, List.of(RECENT_ERROR)));
        open.add(a);
        return a.awaitServing();
    }

    private RecordReader reader() throws Exception {
        RecordReader r = new RecordReader(socket);
        open.add(r);
        return r;
    }

    private static boolean snapshotDone(List<WatchRecord> rs) {
        return rs.stream().anyMatch(r -> r instanceof SnapshotMarker m && m.boundary() == SnapshotMarker.Boundary.END && m.source() == SourceId.USB);
    }

    private static UsbEvent usb(int i) {
        return new UsbEvent(Instant.now(), UsbEvent.Change.ADDED, "1-" + (i % 7 + 1), "device " + i, "", 0, 1, 0);
    }

    @Test
    void greetsThenReplaysEachSourcesStatusAndStateBetweenSnapshotMarkers() throws Exception {
        agent("rw-rw----", "root", 16);
        List<WatchRecord> rs = reader().readUntil(AgentProtocolTest::snapshotDone, 5000);
        List<String> lines = rs.stream().map(RecordReader::describe).toList();
        assertEquals("HELLO protocol 1 watchtray-agent", lines.get(0));
        assertEquals("BEGIN thinpool", lines.get(1));   // this agent runs no thin-pool source: nothing in between
        assertEquals("END thinpool", lines.get(2));
        assertEquals("BEGIN usb", lines.get(3));
        SourceStatusEvent status = assertInstanceOf(SourceStatusEvent.class, ((WatchRecord.AgentEvent) rs.get(4)).event());
        assertEquals(SourceStatus.active(SourceId.USB, "test feed"), status.status());
        assertEquals(RECENT_ERROR, ((WatchRecord.AgentEvent) rs.get(5)).event());
        assertEquals("END usb", lines.get(6));
        assertEquals(7, rs.size(), lines.toString());
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(socket));
        assertEquals("rw-rw----", mode);
    }

    @Test
    void aSlowSubscriberGetsALossRecordAndNobodyElseWaits() throws Exception {
        TestAgent agent = agent("rw-rw----", "root", 64);
        RecordReader slow = reader();
        RecordReader fast = reader();
        slow.readUntil(AgentProtocolTest::snapshotDone, 5000);   // then it stops reading
        fast.readUntil(AgentProtocolTest::snapshotDone, 5000);
        int total = 20_000;
        long worstPing = 0;
        List<WatchRecord> fastRecords = List.of();
        for (int start = 0; start < total; start += 100) {
            int from = start;
            agent.usb.feed(agent.poller, IntStream.range(from, from + 100).mapToObj(AgentProtocolTest::usb).map(e -> (Event) e).toList());
            // The reading subscriber keeps up (it reads each batch before the next comes); the slow one reads nothing.
            fastRecords = fast.readCount(AgentProtocolTest::fedRecord, from + 100, 10_000);
            worstPing = Math.max(worstPing, agent.pingMillis());
        }
        List<Event> fastEvents = RecordReader.events(fastRecords);
        long fastGot = fastEvents.stream().filter(e -> e instanceof UsbEvent u && u.product().startsWith("device ")).count();
        assertEquals(total, fastGot, "the reading subscriber got every record; losses "
                + fastEvents.stream().filter(e -> e instanceof LossEvent).toList());
        assertTrue(fastEvents.stream().noneMatch(e -> e instanceof LossEvent), "and no loss");
        assertTrue(worstPing < 2000, "the backend answered within " + worstPing + " ms while a subscriber was stuck");

        List<WatchRecord> slowRecords = slow.readUntil(rs -> RecordReader.events(rs).stream().anyMatch(e -> e instanceof LossEvent)
                && rs.getLast() instanceof SnapshotMarker m && m.boundary() == SnapshotMarker.Boundary.END, 30_000);
        List<Event> slowEvents = RecordReader.events(slowRecords);
        long delivered = slowEvents.stream().filter(e -> e instanceof UsbEvent u && u.product().startsWith("device ")).count();
        LossEvent loss = (LossEvent) slowEvents.stream().filter(e -> e instanceof LossEvent).findFirst().orElseThrow();
        assertEquals(SourceId.USB, loss.affected());
        assertEquals(total, delivered + loss.lost(), "delivered " + delivered + " + lost " + loss.lost());
        assertTrue(loss.lost() > 0);
        // In-band and in order: the LOSS record comes after the last delivered record, and the state is replayed after it.
        int lossAt = indexOf(slowRecords, r -> r instanceof WatchRecord.AgentEvent a && a.event() instanceof LossEvent);
        int lastDelivered = lastIndexOf(slowRecords, r -> r instanceof WatchRecord.AgentEvent a && a.event() instanceof UsbEvent u && u.product().startsWith("device "));
        assertTrue(lossAt > lastDelivered, "LOSS at " + lossAt + " after the last delivered record at " + lastDelivered);
        assertInstanceOf(SnapshotMarker.class, slowRecords.get(lossAt + 1));
        assertEquals(RECENT_ERROR, RecordReader.events(slowRecords.subList(lossAt + 1, slowRecords.size())).stream()
                .filter(e -> e instanceof UsbEvent).findFirst().orElseThrow());
        System.out.printf("slow subscriber: %d delivered, %d lost, queue 64; fast subscriber %d/%d; worst backend ping %d ms%n",
                delivered, loss.lost(), fastGot, total, worstPing);
    }

    private static boolean fedRecord(WatchRecord r) {
        return r instanceof WatchRecord.AgentEvent a && a.event() instanceof UsbEvent u && u.product().startsWith("device ");
    }

    private static int indexOf(List<WatchRecord> rs, java.util.function.Predicate<WatchRecord> p) {
        return IntStream.range(0, rs.size()).filter(i -> p.test(rs.get(i))).findFirst().orElse(-1);
    }

    private static int lastIndexOf(List<WatchRecord> rs, java.util.function.Predicate<WatchRecord> p) {
        return IntStream.range(0, rs.size()).filter(i -> p.test(rs.get(i))).reduce((a, b) -> b).orElse(-1);
    }

    /** Runs {@link ProbeClient} as uid 65534 with the given setpriv group options; returns its output lines. */
    private List<String> probeAs(String... groupOptions) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.startsWith(System.getProperty("user.home"))) // nobody cannot read root's ~/.m2; the probe needs only our classes
                .collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534"));
        cmd.addAll(List.of(groupOptions));
        cmd.addAll(List.of(System.getProperty("java.home") + "/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, ProbeClient.class.getName(), socket.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "probe client did not finish");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aPeerOutsideTheGroupIsRefusedWithTheReasonAndAMemberIsServed() throws Exception {
        TestAgent agent = agent("rw-rw-rw-", "adm", 16);   // the file mode lets anyone connect: SO_PEERCRED must decide
        List<String> refused = probeAs("--clear-groups");
        assertEquals(List.of(
                "EVENT meta.source_status thinpool: not running \u2014 watchtray-agent refused this session: uid 65534 is not root and not in group 'adm' (gid 4)",
                "EVENT meta.source_status usb: not running \u2014 watchtray-agent refused this session: uid 65534 is not root and not in group 'adm' (gid 4)",
                "EOF"), refused);
        assertEquals(1, agent.server.refused());
        assertEquals(0, agent.server.subscribers());

        List<String> member = probeAs("--groups=4");       // supplementary group adm: SO_PEERGROUPS
        assertEquals("HELLO protocol 1 watchtray-agent", member.get(0), member.toString());
        assertEquals("END usb", member.get(member.size() - 2));
        assertEquals("OPEN", member.getLast());
        assertEquals(1, agent.server.refused());
    }

    @Test
    void aFilePlacedWhereTheSocketGoesIsNotReplaced() throws Exception {
        Files.writeString(socket, "not a socket");
        TestAgent a = new TestAgent(socket, PosixFilePermissions.fromString("rw-rw----"), "root", 16, new FeedSource(SourceId.USB, List.of()));
        open.add(a);
        long deadline = System.nanoTime() + 5_000_000_000L;
        SourceStatus st = null;
        while (System.nanoTime() < deadline) {
            st = a.poller.statuses().stream().filter(s -> s.source() == SourceId.META).findFirst().orElseThrow();
            if (st.reason().contains("not a socket")) {
                break;
            }
            Thread.sleep(10);
        }
        assertEquals(SourceStatus.State.UNAVAILABLE, st.state());
        assertTrue(st.reason().contains("exists and is not a socket"), st.toString());
        assertEquals("not a socket", Files.readString(socket));
    }

    @Test
    void closingTheAgentRemovesItsSocketAndEndsSessions() throws Exception {
        TestAgent a = agent("rw-rw----", "root", 16);
        RecordReader r = reader();
        r.readUntil(AgentProtocolTest::snapshotDone, 5000);
        a.close();
        open.remove(a);
        r.readUntil(rs -> false, 2000);
        assertTrue(r.eof());
        assertFalse(Files.exists(socket));
    }
}
