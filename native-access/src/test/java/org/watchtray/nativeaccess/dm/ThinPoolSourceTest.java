package org.watchtray.nativeaccess.dm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.core.source.EventLoop;

/**
 * ThinPoolSource's bookkeeping (which devices are pools, LVM names, removal, bad status
 * text) against a stand-in for the control device, since this host has no device-mapper;
 * the real ioctls run in the kernel lab (ThinPoolLabTest). Status strings are the ones the lab
 * kernel printed. The stand-in's fd is a real eventfd, so readiness goes through the real poller.
 */
class ThinPoolSourceTest {
    private static final String LVM_UUID = "LVM-" + "a".repeat(32) + "b".repeat(32) + "-tpool";
    private static final String TABLE = "7:0 7:1 128 768 1 error_if_no_space";

    private final LinuxLibc libc = new LinuxLibc();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private EventLoop poller;

    /** Devices by name; each has a table target type/params, a status line and an event counter. */
    private final class StandIn implements DeviceMapper {
        final Map<String, String[]> devices = new LinkedHashMap<>(); // name → {type, table, status, uuid, eventNr}
        final int fd;

        StandIn() throws OsException {
            fd = libc.eventfd(0, Libc.EFD_NONBLOCK);
        }

        synchronized void put(String name, String type, String table, String status, String uuid) {
            String[] old = devices.get(name);
            long nr = old == null ? 0 : Long.parseLong(old[4]) + 1;
            devices.put(name, new String[] {type, table, status, uuid, Long.toString(nr)});
        }

        /** What dm's event_callback does: bump the global counter; poll() on the control fd turns readable. */
        void raise() throws OsException {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment one = a.allocate(ValueLayout.JAVA_LONG);
                one.set(ValueLayout.JAVA_LONG, 0, 1);
                libc.write(fd, one, 8);
            }
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
            try (Arena a = Arena.ofConfined()) {
                libc.readOrAgain(fd, a.allocate(8), 8);
            }
        }

        @Override
        public Status waitEvent(String name, long eventNr) {
            throw new UnsupportedOperationException("arm-poll is used here");
        }

        @Override
        public int fd() {
            return fd;
        }

        @Override
        public void close() {
        }
    }

    private StandIn start(StandIn dm) throws Exception {
        poller = new EventLoop(libc, Clock.systemUTC(), events::addAll, line -> { });
        poller.add(new ThinPoolSource(libc, () -> dm, Settings.ThinPool.DEFAULT,
                new ThinPoolSource.Options(Duration.ofSeconds(10), Duration.ofMinutes(5), false)));
        poller.start();
        settle();
        return dm;
    }

    private void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) { // a readiness wakeup, then its follow-up
            CountDownLatch done = new CountDownLatch(1);
            poller.execute(done::countDown);
            assertTrue(done.await(5, TimeUnit.SECONDS));
            Thread.sleep(20);
        }
    }

    private List<String> pool(String which) {
        return events.stream().filter(e -> e instanceof ThinPoolEvent t && t.pool().equals(which))
                .map(e -> ((ThinPoolEvent) e).change() + " " + ((ThinPoolEvent) e).lvmName()).toList();
    }

    @AfterEach
    void close() {
        if (poller != null) {
            poller.close();
        }
    }

    @Test
    void withoutDeviceMapperItSaysSo() throws Exception {
        poller = new EventLoop(libc, Clock.systemUTC(), events::addAll, line -> { });
        poller.add(ThinPoolSource.standard(libc, Settings.ThinPool.DEFAULT, ThinPoolSource.Options.DEFAULT));
        poller.start();
        settle();
        SourceStatus s = poller.statuses().get(0);
        assertEquals(SourceStatus.State.UNAVAILABLE, s.state());
        assertEquals("no device-mapper here (/dev/mapper/control is missing)", s.reason());
    }

    @Test
    void findsPoolsAmongDevicesNamesLvmPoolsAndFollowsTheirEvents() throws Exception {
        StandIn dm = new StandIn();
        dm.put("vg0-pool_tdata", "linear", "7:1 0", "", "LVM-" + "a".repeat(64) + "-tdata");
        dm.put("vg0-pool-tpool", "thin-pool", TABLE, "0 214/2048 0/1024 - rw discard_passdown error_if_no_space - 512 ", LVM_UUID);
        start(dm);
        assertEquals("DM_DEV_ARM_POLL + poll() on /dev/mapper/control (dm ioctl 4.47.0)", poller.statuses().get(0).mechanism());
        assertEquals(List.of("STATUS vg0/pool"), pool("vg0-pool-tpool"));
        assertEquals(List.of(), pool("vg0-pool_tdata"));

        dm.put("vg0-pool-tpool", "thin-pool", TABLE, "0 219/2048 1024/1024 - out_of_data_space discard_passdown error_if_no_space - 512 ", LVM_UUID);
        dm.raise();
        settle();
        assertEquals(List.of("STATUS vg0/pool", "DATA_THRESHOLD vg0/pool", "LOW_WATER_MARK vg0/pool", "OUT_OF_DATA_SPACE vg0/pool"),
                pool("vg0-pool-tpool"));

        synchronized (dm) {
            dm.devices.remove("vg0-pool-tpool");   // lvremove
        }
        dm.raise();
        settle();
        assertEquals("RESOLVED vg0/pool", pool("vg0-pool-tpool").getLast());
    }

    @Test
    void aStatusLineItCannotReadIsReportedNotSwallowed() throws Exception {
        StandIn dm = new StandIn();
        dm.put("pool", "thin-pool", TABLE, "0 214/2048 2000/1024 - rw", "");
        start(dm);
        DecodeProblem p = (DecodeProblem) events.stream().filter(e -> e instanceof DecodeProblem).findFirst().orElseThrow();
        assertEquals(SourceId.THINPOOL, p.affected());
        assertTrue(p.problem().startsWith("thin pool pool status: data usage is not used/total"), p.problem());
        assertEquals("0 214/2048 2000/1024 - rw", new String(p.raw().value()));
    }
}
