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
import org.watchtray.core.thinpool.DeviceMapper;
import org.watchtray.core.thinpool.ThinPoolDecisions;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.thinpool.ThinPoolReading;
import org.watchtray.core.thinpool.ThinPoolSource;
import org.watchtray.nativeaccess.NativeAccess;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/**
 * ThinPoolSource's bookkeeping (which devices are pools, the readings it hands on, removal)
 * against a stand-in for the control device, since this host has no device-mapper; the real
 * ioctls run in the kernel lab (ThinPoolLabTest). Status strings are the ones the lab kernel
 * printed. The stand-in's fd is a real eventfd, so readiness goes through the real poller. The
 * readings are decided as a desktop decides them ({@link ThinPoolDecisions}).
 */
class ThinPoolSourceTest {
    private static final String LVM_UUID = "LVM-" + "a".repeat(32) + "b".repeat(32) + "-tpool";
    private static final String TABLE = "7:0 7:1 128 768 1 error_if_no_space";

    private final LinuxLibc libc = new LinuxLibc();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<ThinPoolReading> readings = new CopyOnWriteArrayList<>();
    private EventLoop poller;

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
            return new Status(name, d[3], Long.parseLong(d[4]), List.of(new Target(0, 131072, d[0], table ? d[1] : d[2])));
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
        ThinPoolDecisions decisions = new ThinPoolDecisions(Settings.ThinPool.DEFAULT);
        poller = new EventLoop(libc, Clock.systemUTC(), events::addAll, line -> { });
        poller.add(new ThinPoolSource(libc, opener, new ThinPoolSource.Options(Duration.ofSeconds(10), Duration.ofMinutes(5), false),
                (reading, ctx) -> {
                    readings.add(reading);
                    decisions.accept(reading).forEach(ctx::emit);
                }));
        poller.start();
        settle();
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool(which).size() < count && System.nanoTime() < deadline) {
            settle();
        }
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
        assertEquals("DM_DEV_ARM_POLL + poll() on /dev/mapper/control (dm ioctl 4.47.0)", poller.statuses().get(0).mechanism());
        awaitPool("vg0-pool-tpool", 1); // the first reading may come from a deadline due at start, which no task fences
        assertEquals(List.of("STATUS vg0/pool"), pool("vg0-pool-tpool"));
        assertEquals(List.of(), pool("vg0-pool_tdata"));
        ThinPoolReading.Status first = assertInstanceOf(ThinPoolReading.Status.class, readings.getFirst());
        assertEquals(new ThinPoolReading.Status(first.time(), "vg0-pool-tpool", LVM_UUID, TABLE,
                "0 214/2048 0/1024 - rw discard_passdown error_if_no_space - 512 "), first, "the reading is what device-mapper said");

        dm.put("vg0-pool-tpool", "thin-pool", TABLE, "0 219/2048 1024/1024 - out_of_data_space discard_passdown error_if_no_space - 512 ", LVM_UUID);
        dm.raise();
        awaitPool("vg0-pool-tpool", 4);
        assertEquals(List.of("STATUS vg0/pool", "DATA_THRESHOLD vg0/pool", "LOW_WATER_MARK vg0/pool", "OUT_OF_DATA_SPACE vg0/pool"),
                pool("vg0-pool-tpool"));

        synchronized (dm) {
            dm.devices.remove("vg0-pool-tpool");   // lvremove
        }
        dm.raise();
        awaitPool("vg0-pool-tpool", 5);
        assertEquals("RESOLVED vg0/pool", pool("vg0-pool-tpool").getLast());
        assertEquals(new ThinPoolReading.Gone(readings.getLast().time(), "vg0-pool-tpool"), readings.getLast());
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
