package org.watchtray.core.thinpool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.EventFd;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;
import org.watchtray.core.parse.Parsed;
import org.watchtray.core.source.CurrentReadings;
import org.watchtray.core.source.NextDeadline;
import org.watchtray.core.source.Reading;
import org.watchtray.core.source.ReadingSink;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;

/**
 * Reads thin pools through device-mapper and hands each reading (table + status line, with
 * its time) to a {@link ReadingSink}; it decides nothing about thresholds. After
 * {@code DM_DEV_ARM_POLL}, the control fd becomes readable when any dm device raises an event
 * (low-water mark, mode change, create, first table resumed, rename, remove); then
 * {@code DM_LIST_DEVICES}' per-device event counters say which devices changed and
 * {@code DM_TABLE_STATUS} reads the pools among them. Re-arm happens before the list is read, so
 * an event that arrives in between makes the fd readable again rather than being missed.
 *
 * <p>Threshold crossings raise no kernel event, so pools are also looked at and read when the
 * {@link ReadingSchedule} says, on the monotonic clock: a look reads the pool's devices' I/O
 * counters ({@link BlockCounterFiles}), and the schedule decides from them whether the pool
 * must be read in full (docs/thinpool.md). A pool the schedule calls quiet is looked at only
 * at the safety look, unless its {@link WriteSignal} fires first: inotify on the device nodes
 * of the volumes stacked on it ({@link PoolVolumes}), fanotify on the filesystems mounted from
 * them. That set is found again after every dm event, every change of the mount table and at
 * the safety look. A reading whose status line is the same as
 * the last one handed on is handed on again only after the longest interval, so a pool that is
 * written without growing does not wake every desktop at every look.
 *
 * <p>A device listed without a table (LVM creates a device, then loads and resumes its table;
 * resuming does not change its event counter) is identified again at every listing, and while
 * there is one the devices are listed at every look, until it has a table.
 *
 * <p>Kernels before 4.13 lack arm-poll: then one daemon thread per pool blocks in
 * {@code DM_DEV_WAIT} on its own control fd and wakes the backend thread through an
 * {@link EventFd}, so the backend thread itself never blocks. Such a thread ends at its pool's
 * next event after {@link #close()}, or with the process.
 */
public final class ThinPoolSource implements Source, CurrentReadings {
    private static final System.Logger LOG = System.getLogger(ThinPoolSource.class.getName());
    /** Where sysfs lists block devices by number. */
    public static final String SYS_DEV_BLOCK = "/sys/dev/block";

    /**
     * @param reportWithin how long after it happens a threshold crossing is reported at the latest
     *                     (a writable pool is looked at every {@link #lookInterval()})
     * @param maxInterval  longest time between two readings of a pool, idle or not
     * @param forceDevWait use the DM_DEV_WAIT fallback even where arm-poll exists (for tests)
     * @param blockDevices sysfs' directory of block devices by number ({@value #SYS_DEV_BLOCK})
     * @param safetyInterval the longest time between two looks at a quiet pool (one whose write signal has not fired)
     * @param settle       how long a pool's devices must stand still, with no write signal, before it is quiet again
     * @param devices      where the device nodes are ({@code /dev})
     * @param mountinfo    the mount table ({@code /proc/self/mountinfo})
     */
    public record Options(Duration reportWithin, Duration maxInterval, boolean forceDevWait, String blockDevices,
                          Duration safetyInterval, Duration settle, String devices, String mountinfo) {
        /** What a look leaves for the reading to reach the desktops: a status read, the socket, the desktop's decision. */
        public static final Duration DELIVERY = Duration.ofSeconds(1);
        /** At most 60 safety looks an hour, however many pools; issue 15 asks for a tenth of dmeventd's 720. */
        public static final Duration SAFETY = Duration.ofSeconds(60);
        /** The kernel's default writeback: dirty pages older than 30 s, flushed every 5 s; and 5 s to spare. */
        public static final Duration SETTLE = Duration.ofSeconds(40);
        public static final Options DEFAULT = new Options(Duration.ofSeconds(10), Duration.ofMinutes(5), false, SYS_DEV_BLOCK);

        public Options {
            if (reportWithin.isNegative() || reportWithin.isZero()) {
                throw new IllegalArgumentException("the time to report within must be positive: " + reportWithin);
            }
            if (safetyInterval.isNegative() || safetyInterval.isZero()) {
                throw new IllegalArgumentException("the safety interval must be positive: " + safetyInterval);
            }
            if (settle.isNegative()) {
                throw new IllegalArgumentException("the settle time must not be negative: " + settle);
            }
        }

        public Options(Duration reportWithin, Duration maxInterval, boolean forceDevWait) {
            this(reportWithin, maxInterval, forceDevWait, SYS_DEV_BLOCK);
        }

        public Options(Duration reportWithin, Duration maxInterval, boolean forceDevWait, String blockDevices) {
            this(reportWithin, maxInterval, forceDevWait, blockDevices, SAFETY, SETTLE, "/dev", "/proc/self/mountinfo");
        }

        /** The same with another safety interval and settle time. */
        public Options withSignals(Duration safety, Duration settleTime) {
            return new Options(reportWithin, maxInterval, forceDevWait, blockDevices, safety, settleTime, devices, mountinfo);
        }

        /** Where a pool's volumes, their nodes and their filesystems are found. */
        public PoolVolumes.Places places() {
            return new PoolVolumes.Places(Path.of(blockDevices), Path.of(devices), Path.of(mountinfo));
        }

        /** How often a writable pool is looked at: {@code reportWithin} less {@link #DELIVERY}, at least half of it. */
        public Duration lookInterval() {
            Duration look = reportWithin.minus(DELIVERY);
            Duration half = reportWithin.dividedBy(2);
            return look.compareTo(half) < 0 ? half : look;
        }

        /** The schedule these options describe. */
        public ReadingSchedule schedule() {
            return new LookSchedule(lookInterval(), maxInterval, safetyInterval, settle);
        }
    }

    private final Libc libc;
    private final DeviceMapper.Opener opener;
    private final FilesystemWrites.Opener filesystems;
    private final Options options;
    private final ReadingSchedule schedule;
    private final ReadingSink<? super ThinPoolReading> sink;
    private final Map<String, Known> known = new HashMap<>();
    /** Each pool's latest reading, for a subscriber that connects late. */
    private final Map<String, ThinPoolReading.Status> latest = new LinkedHashMap<>();
    /** Each pool's last reading handed on, and when (monotonic): an identical one is not handed on again before the longest interval. */
    private final Map<String, HandedOn> handedOn = new HashMap<>();
    /** What went wrong last per pool or device, logged once until it works again. */
    private final Map<String, String> complaints = new HashMap<>();
    /** Pools with a DM_DEV_WAIT thread: added on the backend thread, removed by the thread as it ends. */
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private final Object wakeLock = new Object();
    private final NextDeadline nextLook = new NextDeadline();
    private SourceContext ctx;
    private DeviceMapper dm;
    private BlockCounterFiles counters;
    private SourceContext.Registration watch;
    private EventFd wake;
    /** Each pool's write signal, armed (registered) while the schedule calls the pool quiet. */
    private final Map<String, Armed> signals = new HashMap<>();
    private int mountinfoFd = -1;
    private SourceContext.Registration mountWatch;
    /** When the devices were last listed (monotonic), for the look that lists them again while one has no table. */
    private long lastListing;
    private volatile boolean closed;

    /**
     * What we know of one dm device: whether it is a thin pool, its last event counter, its
     * table, and the devices that table names (the pool's data and metadata devices, "" when the
     * table did not parse). {@code tableless}: it had no table when identified.
     */
    private record Known(long dev, boolean pool, boolean tableless, long eventNr, String uuid, String table,
                         String dataDevice, String metadataDevice) {
        static Known notAPool(long dev, boolean tableless, long eventNr, String uuid) {
            return new Known(dev, false, tableless, eventNr, uuid, "", "", "");
        }

        Known withEventNr(long nr) {
            return new Known(dev, pool, tableless, nr, uuid, table, dataDevice, metadataDevice);
        }
    }

    private record HandedOn(String status, long at) {
    }

    /** A pool's write signal and, while it is armed, its fds' registrations. */
    private static final class Armed {
        final WriteSignal signal;
        List<SourceContext.Registration> registrations;

        Armed(WriteSignal signal) {
            this.signal = signal;
        }

        void disarm() {
            if (registrations != null) {
                registrations.forEach(SourceContext.Registration::close);
                registrations = null;
            }
        }

        void close() {
            disarm();
            signal.close();
        }
    }

    /**
     * @param filesystems opens the fanotify groups of the write signal ({@link FilesystemWrites.Opener#NONE} where
     *                    there is none: a pool with a mounted filesystem is then looked at as if always written)
     */
    public ThinPoolSource(Libc libc, DeviceMapper.Opener opener, FilesystemWrites.Opener filesystems, Options options,
                          ReadingSink<? super ThinPoolReading> sink) {
        this(libc, opener, filesystems, options, options.schedule(), sink);
    }

    /** With a schedule of the caller's (the lab watches the looks of the shipped one). */
    public ThinPoolSource(Libc libc, DeviceMapper.Opener opener, FilesystemWrites.Opener filesystems, Options options,
                          ReadingSchedule schedule, ReadingSink<? super ThinPoolReading> sink) {
        this.libc = libc;
        this.opener = opener;
        this.filesystems = filesystems;
        this.options = options;
        this.schedule = schedule;
        this.sink = sink;
    }

    @Override
    public SourceId id() {
        return SourceId.THINPOOL;
    }

    @Override
    public SourceStatus start(SourceContext context) {
        this.ctx = context;
        DeviceMapper.Version version;
        try {
            dm = opener.open();
            version = dm.version();
        } catch (OsException e) {
            close();
            return SourceStatus.unavailable(SourceId.THINPOOL, why(e, opener.path()));
        }
        counters = new BlockCounterFiles(libc, options.blockDevices());
        String arm = options.forceDevWait() ? "DM_DEV_WAIT forced by configuration"
                : version.hasArmPoll() ? null : "dm ioctl " + version + " lacks DM_DEV_ARM_POLL (Linux < 4.13)";
        SourceStatus status = null;
        if (arm == null) {
            try {
                dm.armPoll();
                watch = ctx.watch(dm.fd(), SourceContext.READABLE, ready -> onDmEvent());
                status = SourceStatus.active(SourceId.THINPOOL, "DM_DEV_ARM_POLL + poll() on " + opener.path() + " (dm ioctl " + version + ")");
            } catch (OsException e) {
                arm = "DM_DEV_ARM_POLL failed: " + e.errnoName();
            }
        }
        if (arm != null) {
            try {
                wake = new EventFd(libc);
                watch = ctx.watch(wake.fd(), SourceContext.READABLE, ready -> onWaiterWoke());
            } catch (OsException e) {
                close();
                return SourceStatus.unavailable(SourceId.THINPOOL, "eventfd for the DM_DEV_WAIT fallback: " + e.getMessage());
            }
            status = SourceStatus.degraded(SourceId.THINPOOL, "DM_DEV_WAIT, one waiting thread per pool", arm);
        }
        try {
            // Readable with POLLPRI when the mount table changes: a filesystem mounted from a thin volume gets its mark.
            mountinfoFd = libc.open(options.mountinfo(), Libc.O_RDONLY, "mount table");
            mountWatch = ctx.watch(mountinfoFd, SourceContext.PRIORITY, ready -> onMountsChanged());
        } catch (OsException | java.io.UncheckedIOException e) { // UncheckedIOException: a file epoll cannot watch
            LOG.log(System.Logger.Level.WARNING, "mount changes are seen at the thin pools' next safety look only: " + e.getMessage());
        }
        rescan(Scan.EVERYTHING);
        refreshSignals();
        scheduleLook();
        return status;
    }

    @Override
    public void resync() {
        if (dm != null) {
            rescan(Scan.EVERYTHING);
            refreshSignals();
            scheduleLook();
        }
    }

    private void onMountsChanged() {
        refreshSignals();
        scheduleLook();
    }

    @Override
    public List<Reading> currentReadings() {
        return new ArrayList<>(latest.values());
    }

    private void onDmEvent() {
        try {
            dm.armPoll(); // before listing: an event from now on makes the fd readable again
        } catch (OsException e) {
            fail("DM_DEV_ARM_POLL", e);
            return;
        }
        rescan(Scan.POOLS_AGAIN);
        refreshSignals();
        scheduleLook();
    }

    private void onWaiterWoke() throws OsException {
        wake.drain();
        rescan(Scan.POOLS_AGAIN);
        refreshSignals();
        scheduleLook();
    }

    /** What a listing reads besides new devices, devices whose event counter moved and devices that had no table. */
    private enum Scan {
        /** Nothing more. */
        CHANGED,
        /**
         * Every pool's table again, and its status when that is new. After a dm event: a device reloaded as something
         * else moves no event counter (LVM reloads "vg-lp" as a linear device over "vg-lp-tpool" when the pool gets
         * its first thin volume), but the creation of the devices around it raises the event.
         */
        POOLS_AGAIN,
        /** Every pool's table and status, handed on whatever it says (start, resync). */
        EVERYTHING
    }

    /**
     * Lists devices and reads what {@code scan} says. A device that had no table is identified
     * again: its table may have been loaded since.
     */
    private void rescan(Scan scan) {
        if (list(scan)) {
            list(Scan.CHANGED); // a pool went between the listing and its reading: the next listing says it is gone
        }
    }

    /** One listing and what follows from it; true when a pool listed in it could not be read because it was gone. */
    private boolean list(Scan scan) {
        boolean everything = scan == Scan.EVERYTHING;
        if (dm == null) {
            return false;
        }
        lastListing = ctx.nanoTime();
        List<DeviceMapper.Device> devices;
        try {
            devices = dm.list();
        } catch (OsException e) {
            fail("DM_LIST_DEVICES", e);
            return false;
        }
        Set<String> present = new HashSet<>();
        boolean vanished = false;
        for (DeviceMapper.Device d : devices) {
            present.add(d.name());
            Known k = known.get(d.name());
            boolean changed = k == null || k.tableless() || k.dev() != d.dev() || d.eventNr() < 0 || k.eventNr() != d.eventNr()
                    || (k.pool() && scan != Scan.CHANGED);
            if (changed) {
                Known was = k;
                k = identify(d);
                if (k == null) {
                    continue;
                }
                known.put(d.name(), k);
                if (was != null && was.pool() && !k.pool()) {
                    gone(d.name(), was); // reloaded as something else
                } else if (was != null && was.pool()) {
                    forgetDevicesNoLongerUsed(was, k);
                }
            }
            if (k.pool() && (changed || everything)) {
                vanished |= !read(d.name(), k, everything);
            }
        }
        for (var it = known.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!present.contains(e.getKey())) {
                it.remove();
                if (e.getValue().pool()) {
                    gone(e.getKey(), e.getValue());
                }
            }
        }
        return vanished;
    }

    /** A look, when the schedule says: each pool whose look is due is looked at, and read if the schedule wants it. */
    private void look() {
        if (dm == null) {
            return;
        }
        if (known.values().stream().anyMatch(Known::tableless)) {
            rescan(Scan.CHANGED); // its table may have been loaded and resumed without an event we could count on
        }
        long now = ctx.nanoTime();
        boolean vanished = false;
        boolean safetyLook = false;
        for (var e : List.copyOf(known.entrySet())) {
            Known k = e.getValue();
            String pool = e.getKey();
            OptionalLong due = schedule.nextLook(pool);
            if (!k.pool() || (due.isPresent() && due.getAsLong() > now)) {
                continue;
            }
            safetyLook |= schedule.quiet(pool);
            Armed armed = signals.get(pool);
            if (armed != null && armed.registrations == null && armed.signal.drain()) {
                schedule.written(pool, now); // written since the last look: the pool stays written until it settles
            }
            if (schedule.looked(pool, activity(pool, k), now)) {
                vanished |= !read(pool, k, false);
            }
        }
        if (vanished) {
            list(Scan.CHANGED); // the listing says which pool went
        }
        if (safetyLook) {
            rescan(Scan.POOLS_AGAIN); // a pool reloaded as something else without an event we could see
            refreshSignals(); // volumes, nodes or mounts may have changed without a signal we could see
        } else {
            syncSignals();
        }
        scheduleLook();
    }

    /**
     * Finds again what is stacked on each pool read so far; where that changed, watches the new
     * set (the schedule counts the change as a write). Then arms or disarms the signals.
     */
    private void refreshSignals() {
        if (dm == null) {
            return;
        }
        long now = ctx.nanoTime();
        PoolVolumes.Places places = options.places();
        for (var e : known.entrySet()) {
            String pool = e.getKey();
            if (!e.getValue().pool() || schedule.nextLook(pool).isEmpty()) {
                continue;
            }
            PoolVolumes found = PoolVolumes.of(PoolVolumes.number(e.getValue().dev()), places);
            Armed was = signals.get(pool);
            if (was != null && was.signal.volumes().equals(found)) {
                continue;
            }
            if (was != null) {
                was.close();
            }
            WriteSignal signal = WriteSignal.open(libc, filesystems, found);
            signals.put(pool, new Armed(signal));
            if (signal.complete()) {
                complaints.remove(pool + " signal");
            } else {
                complain(pool + " signal", "thin pool " + pool + ": not every write to it can be signalled (" + String.join("; ",
                        signal.problems()) + "); it is looked at every " + options.lookInterval().toMillis() / 1000.0 + " s", null);
            }
            schedule.covered(pool, signal.complete(), now);
        }
        syncSignals();
    }

    /**
     * Arms the signal of each pool the schedule calls quiet and disarms the others. Before
     * arming, what the signal queued meanwhile is read: a write since the last look keeps the
     * pool written. A write after that read makes the fd readable at once when it is registered.
     */
    private void syncSignals() {
        for (var e : signals.entrySet()) {
            String pool = e.getKey();
            Armed armed = e.getValue();
            if (!schedule.quiet(pool)) {
                armed.disarm();
            } else if (armed.registrations == null) {
                if (armed.signal.drain()) {
                    schedule.written(pool, ctx.nanoTime());
                    continue;
                }
                List<SourceContext.Registration> registrations = new ArrayList<>();
                for (int fd : armed.signal.fds()) {
                    registrations.add(ctx.watch(fd, SourceContext.READABLE, ready -> onSignal(pool)));
                }
                armed.registrations = registrations;
            }
        }
    }

    /** A quiet pool's volumes or filesystems were written: it is looked at now, and while it is written. */
    private void onSignal(String pool) {
        Armed armed = signals.get(pool);
        if (armed == null) {
            return;
        }
        armed.disarm();
        armed.signal.drain();
        schedule.written(pool, ctx.nanoTime());
        scheduleLook();
    }

    private void gone(String pool, Known k) {
        Armed armed = signals.remove(pool);
        if (armed != null) {
            armed.close();
        }
        complaints.remove(pool + " signal");
        latest.remove(pool);
        handedOn.remove(pool);
        schedule.forget(pool);
        complaints.keySet().removeIf(key -> key.equals(pool) || key.equals(k.dataDevice()) || key.equals(k.metadataDevice()));
        counters.forget(k.dataDevice());
        counters.forget(k.metadataDevice());
        sink.accept(new ThinPoolReading.Gone(ctx.clock().instant(), pool), ctx);
    }

    private void forgetDevicesNoLongerUsed(Known was, Known now) {
        for (String device : List.of(was.dataDevice(), was.metadataDevice())) {
            if (!device.equals(now.dataDevice()) && !device.equals(now.metadataDevice())) {
                counters.forget(device);
            }
        }
    }

    /** Reads the table: is it a thin pool, and with which parameters; null when the device went away meanwhile. */
    private Known identify(DeviceMapper.Device d) {
        DeviceMapper.Status table;
        try {
            table = dm.status(d.name(), true);
        } catch (OsException e) {
            if (e.errno() != Errno.ENXIO) { // ENXIO: removed between list and status
                complain(d.name(), "reading the table of dm device " + d.name(), e);
            }
            return null;
        }
        if (table.targets().isEmpty()) {
            return Known.notAPool(d.dev(), true, d.eventNr(), table.uuid()); // created, table not loaded or not resumed yet
        }
        DeviceMapper.Target pool = thinPool(table);
        if (pool == null) {
            return Known.notAPool(d.dev(), false, d.eventNr(), table.uuid());
        }
        if (wake != null) {
            startWaiter(d.name(), table.eventNr());
        }
        String data = "";
        String metadata = "";
        if (ThinPoolTableParser.parse(pool.text()) instanceof Parsed.Ok<ThinPoolTable> ok) {
            data = ok.value().dataDevice();
            metadata = ok.value().metadataDevice();
        }
        return new Known(d.dev(), true, false, table.eventNr() >= 0 ? Math.max(d.eventNr(), table.eventNr()) : d.eventNr(),
                table.uuid(), pool.text(), data, metadata);
    }

    /**
     * Reads one pool's status (its devices' counters first, so that a write landing between the
     * two shows at the next look) and hands the reading on. False when the pool has gone away.
     */
    private boolean read(String name, Known k, boolean handOnAnyway) {
        Optional<ThinPoolActivity> activity = activity(name, k);
        DeviceMapper.Status st;
        try {
            st = dm.status(name, false);
        } catch (OsException e) {
            if (e.errno() == Errno.ENXIO) {
                return false;
            }
            complain(name, "reading the status of thin pool " + name, e);
            return true;
        }
        DeviceMapper.Target t = thinPool(st);
        if (t == null) {
            known.put(name, Known.notAPool(k.dev(), st.targets().isEmpty(), st.eventNr(), st.uuid()));
            gone(name, k); // reloaded as something else
            return true;
        }
        complaints.remove(name);
        known.put(name, k.withEventNr(Math.max(k.eventNr(), st.eventNr())));
        long now = ctx.nanoTime();
        ThinPoolReading.Status reading = new ThinPoolReading.Status(ctx.clock().instant(), name, k.uuid(), k.table(), t.text());
        latest.put(name, reading);
        Optional<ThinPoolStatus> status = ThinPoolStatusParser.parse(t.text()) instanceof Parsed.Ok<ThinPoolStatus> ok
                ? Optional.of(ok.value()) : Optional.empty();
        schedule.read(name, status, activity, now);
        HandedOn last = handedOn.get(name);
        if (handOnAnyway || last == null || !last.status().equals(t.text()) || now - last.at() >= options.maxInterval().toNanos()) {
            handedOn.put(name, new HandedOn(t.text(), now));
            sink.accept(reading, ctx);
        }
        return true;
    }

    /** The I/O counters of the pool's data and metadata devices now; empty when either cannot be read. */
    private Optional<ThinPoolActivity> activity(String pool, Known k) {
        if (k.dataDevice().isEmpty() || k.metadataDevice().isEmpty()) {
            return Optional.empty();
        }
        BlockCounters data = counters(pool, k.dataDevice());
        BlockCounters metadata = data == null ? null : counters(pool, k.metadataDevice());
        return metadata == null ? Optional.empty() : Optional.of(new ThinPoolActivity(data, metadata));
    }

    private BlockCounters counters(String pool, String device) {
        try {
            switch (counters.read(device)) {
                case Parsed.Ok<BlockCounters> ok -> {
                    complaints.remove(device);
                    return ok.value();
                }
                case Parsed.Malformed<BlockCounters> bad -> complain(device, "I/O counters of " + device + " (thin pool " + pool
                        + "): " + bad.problem() + "; the pool is read in full at every look", null);
            }
        } catch (OsException e) {
            complain(device, "I/O counters of " + device + " (thin pool " + pool + ") cannot be read; the pool is read in full at every look", e);
        }
        return null;
    }

    /** Logs a problem once for {@code key} until it goes away: a pool read at every look must not log at every look. */
    private void complain(String key, String what, OsException e) {
        String problem = what + (e == null ? "" : ": " + e.getMessage());
        if (!problem.equals(complaints.put(key, problem))) {
            LOG.log(System.Logger.Level.WARNING, problem);
        }
    }

    private static DeviceMapper.Target thinPool(DeviceMapper.Status s) {
        for (DeviceMapper.Target t : s.targets()) {
            if (t.type().equals("thin-pool")) {
                return t;
            }
        }
        return null;
    }

    /** Sets the next look: the schedule's, or sooner while a device waits for its table. */
    private void scheduleLook() {
        if (dm == null) {
            return;
        }
        OptionalLong next = schedule.next();
        if (known.values().stream().anyMatch(Known::tableless)) {
            long listing = lastListing + options.lookInterval().toNanos();
            next = OptionalLong.of(next.isPresent() ? Math.min(next.getAsLong(), listing) : listing);
        }
        if (next.isPresent()) {
            nextLook.setMonotonic(ctx, next.getAsLong(), this::look);
        } else {
            nextLook.cancel();
        }
    }

    /** The DM_DEV_WAIT fallback: a daemon thread blocks per pool and wakes the backend through the eventfd. */
    private void startWaiter(String name, long eventNr) {
        if (!waiting.add(name)) {
            return;
        }
        Thread.ofPlatform().daemon().name("dm-wait " + name).start(() -> {
            try (DeviceMapper own = opener.open()) {
                long seen = eventNr;
                while (!closed) {
                    seen = own.waitEvent(name, seen).eventNr();
                    wakeBackend();
                }
            } catch (OsException e) {
                if (e.errno() != Errno.ENXIO) {
                    LOG.log(System.Logger.Level.WARNING, "DM_DEV_WAIT on thin pool " + name + " stopped: " + e.getMessage());
                }
                wakeBackend();
            } finally {
                waiting.remove(name);
            }
        });
    }

    /** From a waiting thread: the eventfd is written only while it is open (its number could be reused after). */
    private void wakeBackend() {
        synchronized (wakeLock) {
            if (closed || wake == null) {
                return;
            }
            try {
                wake.signal();
            } catch (OsException e) {
                LOG.log(System.Logger.Level.WARNING, "waking the backend from DM_DEV_WAIT: " + e.getMessage());
            }
        }
    }

    private void fail(String call, OsException e) {
        LOG.log(System.Logger.Level.WARNING, call + " failed; thin-pool monitoring stops", e);
        ctx.statusChanged(SourceStatus.unavailable(SourceId.THINPOOL, call + " failed: " + e.getMessage()));
        close();
    }

    /** What an error opening the control device means for the user. */
    static String why(OsException e, String path) {
        return switch (e.errno()) {
            case ENOENT -> "no device-mapper here (" + path + " is missing)";
            case ENODEV, ENXIO -> "no device-mapper here: the kernel has no device-mapper driver (" + path + " exists, but opening it gave "
                    + e.errnoName() + ")";
            case EACCES, EPERM -> "device-mapper needs CAP_SYS_ADMIN (" + e.getMessage() + "): install watchtray-agent";
            default -> e.getMessage();
        };
    }

    @Override
    public void close() {
        nextLook.cancel();
        signals.values().forEach(Armed::close);
        signals.clear();
        if (mountWatch != null) {
            mountWatch.close();
            mountWatch = null;
        }
        libc.closeQuietly(mountinfoFd);
        mountinfoFd = -1;
        if (counters != null) {
            counters.close();
        }
        if (watch != null) {
            watch.close();
            watch = null;
        }
        if (dm != null) {
            dm.close();
            dm = null;
        }
        synchronized (wakeLock) {
            closed = true;
            if (wake != null) {
                wake.close();
                wake = null;
            }
        }
    }
}
