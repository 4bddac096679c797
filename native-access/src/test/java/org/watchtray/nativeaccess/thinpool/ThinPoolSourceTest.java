package org.watchtray.nativeaccess.thinpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.EventFd;
import org.watchtray.core.os.OsException;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.EventLoop;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.thinpool.BlockWrites;
import org.watchtray.core.thinpool.DeviceMapper;
import org.watchtray.core.thinpool.FilesystemWrites;
import org.watchtray.core.thinpool.ThinPoolDecisions;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.thinpool.ThinPoolReading;
import org.watchtray.core.thinpool.ThinPoolSource;
import org.watchtray.nativeaccess.NativeAccess;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/**
 * ThinPoolSource's bookkeeping (which devices are pools, the readings it hands on, removal,
 * looks) against a stand-in for the control device, since this host has no device-mapper; the
 * real ioctls run in the kernel lab (ThinPoolLabTest, ThinPoolTimingLabTest). Status strings are
 * the ones the lab kernel printed. The stand-in's fd is a real eventfd, so readiness goes through
 * the real poller; the pools' devices' I/O counters are real files in a directory laid out as
 * /sys/dev/block, read through the real libc. The readings are decided as a desktop decides them
 * ({@link ThinPoolDecisions}).
 */
class ThinPoolSourceTest {
    private static final String LVM_UUID = "LVM-" + "a".repeat(32) + "b".repeat(32) + "-tpool";
    private static final String TABLE = "7:0 7:1 128 768 1 error_if_no_space";

    private final LinuxLibc libc = new LinuxLibc();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<ThinPoolReading> readings = new CopyOnWriteArrayList<>();
    private EventLoop poller;
    @TempDir
    Path sysDevBlock;
    /** The shipped schedule, its looks counted: the barrier for "nothing was read". */
    private WatchedSchedule watched;

    /** Devices by name; each has a table target type/params, a status line and an event counter. */
    private final class StandIn implements DeviceMapper {
        final Map<String, String[]> devices = new LinkedHashMap<>(); // name → {type, table, status, uuid, eventNr}
        final EventFd control;

        StandIn() throws OsException {
            control = new EventFd(libc);
        }

        synchronized void put(String name, String type, String table, String status, String uuid) {
            String[] old = devices.get(name);
            long nr = old == null ? 0 : Long.parseLong(old[4]) + 1;
            devices.put(name, new String[] {type, table, status, uuid, Long.toString(nr)});
        }

        /** What dmsetup create --notable leaves: a device with no table. */
        synchronized void createEmpty(String name, String uuid) {
            devices.put(name, new String[] {null, "", "", uuid, "0"});
        }

        /** A table loaded and resumed: the device's event counter does not move. */
        synchronized void load(String name, String type, String table, String status) {
            String[] old = devices.get(name);
            devices.put(name, new String[] {type, table, status, old[3], old[4]});
        }

        /** What dm's event_callback does: bump the global counter; poll() on the control fd turns readable. */
        void raise() throws OsException {
            control.signal();
        }

        @Override
        public Version version() {
            return new Version(4, 47, 0);
        }

        @Override
        public synchronized List<Device> list() {
            List<Device> out = new ArrayList<>();
            long dev = 0xFD00;
            for (var e : devices.entrySet()) {
                out.add(new Device(e.getKey(), dev++, Long.parseLong(e.getValue()[4])));
            }
            return out;
        }

        @Override
        public synchronized Status status(String name, boolean table) throws OsException {
            String[] d = devices.get(name);
            if (d == null) {
                throw new OsException("DM_TABLE_STATUS", name, Errno.ENXIO, "No such device or address");
            }
            return new Status(name, d[3], Long.parseLong(d[4]), d[0] == null ? List.of() : List.of(new Target(0, 131072, d[0], table ? d[1] : d[2])));
        }

        @Override
        public void armPoll() throws OsException {
            control.drain();
        }

        @Override
        public Status waitEvent(String name, long eventNr) {
            throw new UnsupportedOperationException("arm-poll is used here");
        }

        @Override
        public int fd() {
            return control.fd();
        }

        @Override
        public void close() {
        }
    }

    private void start(DeviceMapper.Opener opener) throws Exception {
        start(opener, new ThinPoolSource.Options(Duration.ofSeconds(10), Duration.ofMinutes(5), false, sysDevBlock.toString()));
    }

    private void start(DeviceMapper.Opener opener, ThinPoolSource.Options options) throws Exception {
        start(opener, BlockWrites.Opener.NONE, options);
    }

    private void start(DeviceMapper.Opener opener, BlockWrites.Opener blocks, ThinPoolSource.Options options) throws Exception {
        ThinPoolDecisions decisions = new ThinPoolDecisions(Settings.ThinPool.DEFAULT);
        watched = new WatchedSchedule(options.schedule());
        poller = new EventLoop(libc, Clock.systemUTC(), events::addAll);
        poller.add(new ThinPoolSource(libc, opener, blocks, FilesystemWrites.Opener.NONE, options, watched, (reading, ctx) -> {
            readings.add(reading);
            decisions.accept(reading).forEach(ctx::emit);
        }));
        poller.start();
        settle();
    }

    /** Settles the backend until {@code condition} holds or 10 s have passed; whether it holds. */
    private boolean settledUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            settle();
        }
        return condition.getAsBoolean();
    }

    /** The I/O counters of block device {@code device} ("7:1"), as sysfs prints them, after {@code writes} writes. */
    private void counters(String device, long writes) throws Exception {
        Path dir = Files.createDirectories(sysDevBlock.resolve(device));
        Files.writeString(dir.resolve("stat"), String.format("%8d %8d %8d %8d %8d %8d %8d %8d %8d %8d %8d %8d %8d %8d %8d %8d %8d%n",
                0, 0, 0, 0, writes, 0, writes * 8, writes, 0, writes, writes, 0, 0, 0, 0, 0, 0));
    }

    /** Waits until the source has looked at its pools {@code n} more times without reading any. */
    private void awaitIdleLooks(int n) throws InterruptedException {
        assertTrue(watched.awaitIdleLooks(n, 10_000), "the source looked at its pools " + n + " times");
    }

    /** Quick looks: every 0.2 s (a report within 0.4 s), readings at least every hour. */
    private ThinPoolSource.Options quickLooks() {
        return new ThinPoolSource.Options(Duration.ofMillis(400), Duration.ofHours(1), false, sysDevBlock.toString());
    }

    /** Lets the backend finish what was queued: a readiness wakeup, then its follow-up, each fenced by a task. */
    private void settle() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            CountDownLatch done = new CountDownLatch(1);
            poller.execute(done::countDown);
            assertTrue(done.await(10, TimeUnit.SECONDS));
        }
    }

    private List<String> pool(String which) {
        return events.stream().filter(e -> e instanceof ThinPoolEvent t && t.pool().equals(which))
                .map(e -> ((ThinPoolEvent) e).change() + " " + ((ThinPoolEvent) e).lvmName()).toList();
    }

    /** Waits (bounded) for an event matching; the positive side of a check, never the negative one. */
    private void awaitPool(String which, int count) throws InterruptedException {
        settledUntil(() -> pool(which).size() >= count);
    }

    @AfterEach
    void close() {
        if (poller != null) {
            poller.close();
        }
    }

    private SourceStatus statusWith(String controlPath) throws Exception {
        start(NativeAccess.linux().deviceMapper(controlPath));
        return poller.statuses().get(0);
    }

    @Test
    void withoutDeviceMapperItSaysSo(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("control");
        SourceStatus s = statusWith(missing.toString());
        assertEquals(SourceStatus.State.UNAVAILABLE, s.state());
        assertEquals("no device-mapper here (" + missing + " is missing)", s.reason());
    }

    @Test
    void aControlNodeWithoutADriverBehindItSaysSo(@TempDir Path dir) throws Exception {
        // A node for device-mapper's misc minor where the kernel has no dm driver (as on this host and in
        // containers), or for a misc minor nobody registered: open(2) fails with ENODEV either way.
        Path node = dir.resolve("control");
        int minor = unregisteredMiscMinor();
        Process mknod = new ProcessBuilder("mknod", node.toString(), "c", "10", Integer.toString(minor)).redirectErrorStream(true).start();
        String out = new String(mknod.getInputStream().readAllBytes()).strip();
        Assumptions.assumeTrue(mknod.waitFor() == 0, "cannot create a device node here (needs CAP_MKNOD on a filesystem without nodev): " + out);
        SourceStatus s = statusWith(node.toString());
        assertEquals(SourceStatus.State.UNAVAILABLE, s.state());
        assertEquals("no device-mapper here: the kernel has no device-mapper driver (" + node + " exists, but opening it gave ENODEV)",
                s.reason());
    }

    /** Device-mapper's own minor (236) when this kernel has no dm driver, else another misc minor no driver registered. */
    private static int unregisteredMiscMinor() throws Exception {
        Set<Integer> registered = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/misc"))) {
            registered.add(Integer.parseInt(line.strip().split("\\s+")[0]));
        }
        if (!registered.contains(236)) {
            return 236;
        }
        for (int m = 254; m > 0; m--) {
            if (!registered.contains(m)) {
                return m;
            }
        }
        throw new AssertionError("every misc minor is registered: " + registered);
    }

    @Test
    void findsPoolsAmongDevicesNamesLvmPoolsAndFollowsTheirEvents() throws Exception {
        StandIn dm = new StandIn();
        dm.put("vg0-pool_tdata", "linear", "7:1 0", "", "LVM-" + "a".repeat(64) + "-tdata");
        dm.put("vg0-pool-tpool", "thin-pool", TABLE, "0 214/2048 0/1024 - rw discard_passdown error_if_no_space - 512 ", LVM_UUID);
        start(() -> dm);
        assertEquals("DM_DEV_ARM_POLL + poll() on /dev/mapper/control (dm ioctl 4.47.0); writes seen by inotify/fanotify (block layer: not wired in),"
                + " mmap and loop-device writes at the safety look", poller.statuses().get(0).mechanism(), "the fallback said once, in the status");
        awaitPool("vg0-pool-tpool", 1); // the first reading may come from a deadline due at start, which no task fences
        assertEquals(List.of("STATUS vg0/pool"), pool("vg0-pool-tpool"));
        assertEquals(List.of(), pool("vg0-pool_tdata"));
        ThinPoolReading.Status first = assertInstanceOf(ThinPoolReading.Status.class, readings.getFirst());
        assertEquals(new ThinPoolReading.Status(first.time(), "vg0-pool-tpool", LVM_UUID, TABLE,
                "0 214/2048 0/1024 - rw discard_passdown error_if_no_space - 512 "), first, "the reading is what device-mapper said");

        dm.put("vg0-pool-tpool", "thin-pool", TABLE, "0 219/2048 1024/1024 - out_of_data_space discard_passdown error_if_no_space - 512 ", LVM_UUID);
        dm.raise();
        awaitPool("vg0-pool-tpool", 7);
        assertEquals(List.of("STATUS vg0/pool", "DATA_THRESHOLD vg0/pool", "DATA_THRESHOLD vg0/pool", "DATA_THRESHOLD vg0/pool",
                "DATA_THRESHOLD vg0/pool", "LOW_WATER_MARK vg0/pool", "OUT_OF_DATA_SPACE vg0/pool"), pool("vg0-pool-tpool"),
                "21 % to full: 80, 85, 90, 95 on the way, then the low-water mark and out of space");

        synchronized (dm) {
            dm.devices.remove("vg0-pool-tpool");   // lvremove
        }
        dm.raise();
        awaitPool("vg0-pool-tpool", 8);
        assertEquals("RESOLVED vg0/pool", pool("vg0-pool-tpool").getLast());
        assertEquals(new ThinPoolReading.Gone(readings.getLast().time(), "vg0-pool-tpool"), readings.getLast());
    }

    @Test
    void aPoolIsReadAtALookOnlyWhenItsDevicesWereWrittenAndThenEveryThresholdCrossedComesInOrder() throws Exception {
        counters("7:0", 10);
        counters("7:1", 20);
        StandIn dm = new StandIn();
        dm.put("pool", "thin-pool", "7:0 7:1 128 0 1 skip_block_zeroing", "0 214/2048 700/1024 - rw discard_passdown queue_if_no_space - 512 ", "");
        start(() -> dm, quickLooks());
        awaitPool("pool", 1);
        assertEquals(List.of("STATUS "), pool("pool"));
        int readingsBefore = readings.size();

        // The pool says 93 %, but its devices' counters did not move: looks read nothing (no kernel
        // event either: thresholds raise none).
        dm.load("pool", "thin-pool", "7:0 7:1 128 0 1 skip_block_zeroing", "0 214/2048 952/1024 - rw discard_passdown queue_if_no_space - 512 ");
        awaitIdleLooks(3);
        assertEquals(readingsBefore, readings.size(), "looks with unchanged counters read nothing");

        counters("7:1", 21); // one write reached the data device
        awaitPool("pool", 4);
        assertEquals(List.of("STATUS ", "DATA_THRESHOLD ", "DATA_THRESHOLD ", "DATA_THRESHOLD "), pool("pool"));
        assertEquals(List.of(80, 85, 90), events.stream().filter(e -> e instanceof ThinPoolEvent t && t.change() == ThinPoolEvent.Change.DATA_THRESHOLD)
                .map(e -> ((ThinPoolEvent) e).threshold()).toList(), "70 -> 93 % in one step: each threshold, in order");

        // The same status again after more writes (blocks overwritten, nothing allocated): read, not handed on.
        counters("7:1", 30);
        awaitIdleLooks(2);
        assertEquals(readingsBefore + 1, readings.size(), "a reading that says what the last one said is not handed on");
    }

    @Test
    void aDeviceListedBeforeItsTableWasLoadedBecomesAPoolWhenItHasOne() throws Exception {
        counters("7:0", 0);
        counters("7:1", 0);
        counters("7:2", 0);
        counters("7:3", 0);
        StandIn dm = new StandIn();
        dm.createEmpty("vg0-one-tpool", LVM_UUID);           // lvchange -ay: created first ...
        dm.createEmpty("vg0-two-tpool", LVM_UUID.replace('b', 'c'));
        start(() -> dm, quickLooks());
        assertEquals(List.of(), pool("vg0-one-tpool"), "no table yet: not a pool yet");

        // ... then its table is loaded and resumed, which leaves its event counter alone. One
        // resume wakes arm-poll (a global event), the other's wake-up is not counted on.
        dm.load("vg0-one-tpool", "thin-pool", "7:0 7:1 128 0 1 skip_block_zeroing", "0 214/2048 0/1024 - rw discard_passdown queue_if_no_space - 512 ");
        dm.raise();
        awaitPool("vg0-one-tpool", 1);
        assertEquals(List.of("STATUS vg0/one"), pool("vg0-one-tpool"), "identified again at the listing the resume caused");
        dm.load("vg0-two-tpool", "thin-pool", "7:2 7:3 128 0 1 skip_block_zeroing", "0 214/2048 0/1024 - rw discard_passdown queue_if_no_space - 512 ");
        awaitPool("vg0-two-tpool", 1);
        assertEquals(List.of("STATUS vg0/two"), pool("vg0-two-tpool"), "identified again at a look, with no event at all");
    }

    @Test
    void aPoolThatDisappearsBetweenReadingsIsGoneOnceWithoutAnErrorLoop() throws Exception {
        counters("7:0", 0);
        counters("7:1", 0);
        StandIn dm = new StandIn();
        dm.put("pool", "thin-pool", "7:0 7:1 128 0 1 skip_block_zeroing", "0 214/2048 900/1024 - rw discard_passdown queue_if_no_space - 512 ", "");
        dm.put("other", "thin-pool", "7:2 7:3 128 0 1 skip_block_zeroing", "0 214/2048 0/1024 - rw discard_passdown queue_if_no_space - 512 ", "");
        counters("7:2", 0);
        counters("7:3", 0);
        start(() -> dm, quickLooks());
        awaitPool("pool", 2);

        // Removed with no event we saw (a DM_DEV_WAIT thread's pool, or an event still queued)
        // after its last writes: the look reads it, the read says ENXIO, the listing says gone.
        synchronized (dm) {
            dm.devices.remove("pool");
        }
        counters("7:1", 5);
        awaitPool("pool", 3);
        assertEquals(List.of("STATUS ", "DATA_THRESHOLD ", "RESOLVED "), pool("pool"));
        awaitIdleLooks(5); // the other pool is still looked at: five looks later ...
        assertEquals(1, readings.stream().filter(r -> r instanceof ThinPoolReading.Gone).count(), "... one gone, still");
        assertEquals(SourceStatus.State.ACTIVE, poller.statuses().get(0).state(), "a pool that went away is no trouble for the source");
    }

    @Test
    void aPoolReloadedAsSomethingElseWithoutItsEventCounterMovingIsGoneAtTheNextDmEvent() throws Exception {
        StandIn dm = new StandIn();
        String uuid = "LVM-" + "a".repeat(32) + "b".repeat(32);
        dm.put("vg0-lp", "thin-pool", TABLE, "0 214/2048 0/1024 - rw discard_passdown error_if_no_space - 512 ", uuid);
        start(() -> dm);
        awaitPool("vg0-lp", 1);

        // lvcreate -V -T vg0/lp: LVM creates vg0-lp-tpool over the same devices and reloads vg0-lp as a linear device
        // over it, which moves no event counter of vg0-lp's; the creation raises the dm event.
        dm.load("vg0-lp", "linear", "253:1 0", "");
        dm.put("vg0-lp-tpool", "thin-pool", TABLE, "0 214/2048 0/1024 - rw discard_passdown error_if_no_space - 512 ", LVM_UUID);
        dm.raise();
        awaitPool("vg0-lp-tpool", 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (readings.stream().noneMatch(r -> r instanceof ThinPoolReading.Gone) && System.nanoTime() < deadline) {
            settle();
        }
        assertEquals(List.of("vg0-lp"), readings.stream().filter(r -> r instanceof ThinPoolReading.Gone).map(ThinPoolReading::pool).toList(),
                "vg0-lp is no pool any more: gone, once");
    }

    @Test
    void aQuietPoolIsLookedAtOnlyWhenItsVolumesNodeIsWrittenAndThenReadWithinALook(@TempDir Path dev) throws Exception {
        counters("7:0", 0);
        counters("7:1", 0);
        // sysfs: the pool (the first device listed, 253:0) is held by thin volume dm-5, whose node is a file here.
        Path holder = Files.createDirectories(sysDevBlock.resolve("253:0/holders/dm-5"));
        Files.writeString(holder.resolve("dev"), "253:5\n");
        Path node = Files.writeString(dev.resolve("dm-5"), "");
        StandIn dm = new StandIn();
        dm.put("pool", "thin-pool", "7:0 7:1 128 0 1 skip_block_zeroing", "0 214/2048 700/1024 - rw discard_passdown queue_if_no_space - 512 ", "");
        start(() -> dm, new ThinPoolSource.Options(Duration.ofMillis(400), Duration.ofHours(1), false, sysDevBlock.toString(),
                Duration.ofHours(1), Duration.ofMillis(300), dev.toString(), "/proc/self/mountinfo")); // no filesystem on 253:5 here
        awaitPool("pool", 1);
        assertTrue(watched.await("covered", "pool", 0, 10_000) != null, "the pool's one volume is watched: " + watched.log());
        WatchedSchedule.Entry quiet = watched.await("quiet", "pool", 0, 10_000);
        assertTrue(quiet != null, "quiet once its counters stood still for 300 ms");
        long[] untilNextLook = new long[1];
        CountDownLatch asked = new CountDownLatch(1);
        poller.execute(() -> {
            untilNextLook[0] = watched.next().orElseThrow() - System.nanoTime();
            asked.countDown();
        });
        assertTrue(asked.await(10, TimeUnit.SECONDS));
        assertTrue(untilNextLook[0] > TimeUnit.MINUTES.toNanos(59), "quiet: the next look is the safety look, an hour away: "
                + untilNextLook[0] + " ns");

        int mark = watched.mark();
        dm.load("pool", "thin-pool", "7:0 7:1 128 0 1 skip_block_zeroing", "0 214/2048 952/1024 - rw discard_passdown queue_if_no_space - 512 ");
        counters("7:1", 1); // the write below reached the data device
        // write(2) on the node: one IN_MODIFY (no O_TRUNC, whose own IN_MODIFY could come after the signal was drained and
        // count as a second write)
        Files.writeString(node, "written", java.nio.file.StandardOpenOption.WRITE);
        awaitPool("pool", 4);
        assertEquals(List.of("STATUS ", "DATA_THRESHOLD ", "DATA_THRESHOLD ", "DATA_THRESHOLD "), pool("pool"), "70 -> 93 %: 80, 85, 90");
        List<String> after = watched.since(mark).stream().map(WatchedSchedule.Entry::what).toList();
        assertEquals(List.of("written", "look", "read"), after.subList(0, 3), "woken by the signal, looked at, read: " + after);
    }

    /** A block-layer signal as the test says: its fd a real eventfd (in the real poller), its staleness set by the test. */
    private final class StandInBlockWrites implements BlockWrites {
        final EventFd fd = new EventFd(libc);
        final java.util.concurrent.atomic.AtomicBoolean stale = new java.util.concurrent.atomic.AtomicBoolean();
        volatile boolean enabled;
        volatile boolean closed;

        StandInBlockWrites() throws OsException {
        }

        @Override
        public List<Integer> fds() {
            return List.of(fd.fd());
        }

        @Override
        public void enable() {
            enabled = true;
        }

        @Override
        public void disable() {
            enabled = false;
        }

        @Override
        public boolean drain() {
            return false;
        }

        @Override
        public boolean stale() {
            return stale.get();
        }

        @Override
        public void close() {
            closed = true;
            fd.close();
        }
    }

    /**
     * A suspend takes all but the boot CPU offline, which ends their perf events for good (see
     * PerfBlockWritesTest): at the next safety look the pool's signal, whose events say they are
     * stale, is closed and opened again, and the new one is armed.
     */
    @Test
    void aBlockSignalThatLostACpuIsOpenedAgainAtTheNextSafetyLook() throws Exception {
        counters("7:0", 0);
        counters("7:1", 0);
        StandIn dm = new StandIn();
        dm.put("pool", "thin-pool", "7:0 7:1 128 0 1 skip_block_zeroing", "0 214/2048 700/1024 - rw discard_passdown queue_if_no_space - 512 ", "");
        List<StandInBlockWrites> opened = new CopyOnWriteArrayList<>();
        BlockWrites.Opener blocks = devices -> {
            StandInBlockWrites w = new StandInBlockWrites();
            opened.add(w);
            return w;
        };
        // A quiet pool the block layer covers is looked at every maxInterval (its safety look): 1 s here.
        ThinPoolSource.Options options = new ThinPoolSource.Options(Duration.ofMillis(400), Duration.ofSeconds(1), false,
                sysDevBlock.toString(), Duration.ofMillis(500), Duration.ofMillis(200), sysDevBlock.resolve("no-dev").toString(),
                "/proc/self/mountinfo");
        start(() -> dm, blocks, options);
        awaitPool("pool", 1);
        assertTrue(watched.await("quiet", "pool", 0, 10_000) != null, "quiet once its counters stood still: " + watched.log());
        for (int i = 0; i < 2; i++) {   // safety looks with a whole signal: nothing opened again
            assertTrue(watched.await("look", "pool", watched.mark(), 10_000) != null, "a safety look: " + watched.log());
        }
        assertEquals(1, opened.size(), "one signal while it stays whole");
        assertTrue(opened.get(0).enabled, "armed while quiet");

        opened.get(0).stale.set(true);
        assertTrue(settledUntil(() -> opened.size() == 2), "opened again at a safety look: " + watched.log());
        assertTrue(opened.get(0).closed, "the stale one closed");
        assertTrue(settledUntil(() -> opened.get(1).enabled), "the new one armed");
    }

    @Test
    void aStatusLineItCannotReadIsReportedNotSwallowed() throws Exception {
        StandIn dm = new StandIn();
        dm.put("pool", "thin-pool", TABLE, "0 214/2048 2000/1024 - rw", "");
        start(() -> dm);
        // the first look may come from a deadline due at start, which no task fences
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.stream().noneMatch(e -> e instanceof DecodeProblem) && System.nanoTime() < deadline) {
            settle();
        }
        DecodeProblem p = (DecodeProblem) events.stream().filter(e -> e instanceof DecodeProblem).findFirst()
                .orElseThrow(() -> new AssertionError("no DecodeProblem within 10 s; events: " + events));
        assertEquals(SourceId.THINPOOL, p.affected());
        assertTrue(p.problem().startsWith("thin pool pool status: data usage is not used/total"), p.problem());
        assertEquals("0 214/2048 2000/1024 - rw", new String(p.raw().value()));
    }
}
