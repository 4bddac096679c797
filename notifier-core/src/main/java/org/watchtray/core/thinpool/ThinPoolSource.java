package org.watchtray.core.thinpool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;
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
 * at the safety look, unless its {@link WriteSignal} fires first: perf events on the block
 * layer's {@code block_bio_queue} for its data and metadata devices ({@link BlockWrites}) where
 * the kernel allows it, else inotify on the device nodes of the volumes stacked on it
 * ({@link PoolVolumes}) and fanotify on the filesystems mounted from them. That set is found again after every dm event, every change of the mount table and at
 * the safety look. A reading whose status line is the same as
 * the last one handed on is handed on again only after the longest interval, so a pool that is
 * written without growing does not wake every desktop at every look.
 *
 * <p>A device listed without a table (LVM creates a device, then loads and resumes its table;
 * resuming does not change its event counter) is identified again at every listing, and while
 * there is one the devices are listed at every look, until it has a table.
 *
 * <p>Kernels before 4.13 lack arm-poll: then one daemon thread per pool blocks in
 * {@code DM_DEV_WAIT} ({@link PoolWaiters}) and wakes the backend thread through an eventfd.
 *
 * <p>This class is the {@link Source} that wires the parts, each with one job, and reacts to
 * readiness and deadlines: {@link PoolListing} (the device list, tables and event counters),
 * {@link PoolReadings} (status reads handed on), {@link PoolCounters} (a look's I/O counters),
 * {@link PoolSignals} (the write signals in and out of epoll), {@link PoolWaiters} and
 * {@link Complaints} (problems logged once).
 *
 * <p>Threads: every field here and every part except {@link PoolWaiters} is touched only on the
 * backend (event-loop) thread: {@link #start}, {@link #resync}, {@link #currentReadings},
 * {@link #close} and the handlers and deadlines registered through the {@link SourceContext}.
 * The DM_DEV_WAIT threads touch only {@link PoolWaiters}' own state (see there).
 */
public final class ThinPoolSource implements Source, CurrentReadings {
    private static final System.Logger LOG = System.getLogger(ThinPoolSource.class.getName());
    /** Where sysfs lists block devices by number. */
    public static final String SYS_DEV_BLOCK = "/sys/dev/block";

    /**
     * @param reportWithin how long after it happens a threshold crossing is reported at the latest
     *                     (a written pool is looked at at least every {@link #lookInterval()}, every 0.9 s while its counters move)
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

    /** How long after a clock jump the block-layer signals are opened again: every CPU is back online by then. */
    static final Duration REOPEN_AFTER = Duration.ofSeconds(2);

    private final Libc libc;
    private final DeviceMapper.Opener opener;
    private final FilesystemWrites.Opener filesystems;
    private final BlockWrites.Opener blocks;
    private final Options options;
    private final ReadingSchedule schedule;
    private final ReadingSink<? super ThinPoolReading> sink;
    private final Complaints complaints = new Complaints();
    private final NextDeadline nextLook = new NextDeadline();
    private SourceContext ctx;
    private DeviceMapper dm;
    private PoolListing listing;
    private PoolReadings readings;
    private PoolCounters counters;
    private PoolSignals signals;
    /** Only for the DM_DEV_WAIT fallback. */
    private PoolWaiters waiters;
    private SourceContext.Registration watch;
    private int mountinfoFd = -1;
    private SourceContext.Registration mountWatch;
    /** The wall clock's jumps (a resume among them); null before start and after close. */
    private SourceContext.Registration clockJump;
    /** The block-layer signals' reopening a jump asked for, while it is due. */
    private SourceContext.Registration reopen;
    /** The status start() found, before the write signal is described in it. */
    private SourceStatus started;
    /** The write signal as the status last described it. */
    private java.util.Optional<String> signalDescribed = java.util.Optional.empty();

    /**
     * @param filesystems opens the fanotify groups of the write signal ({@link FilesystemWrites.Opener#NONE} where
     *                    there is none: a pool with a mounted filesystem is then looked at as if always written)
     */
    public ThinPoolSource(Libc libc, DeviceMapper.Opener opener, FilesystemWrites.Opener filesystems, Options options,
                          ReadingSink<? super ThinPoolReading> sink) {
        this(libc, opener, BlockWrites.Opener.NONE, filesystems, options, options.schedule(), sink);
    }

    /** With a schedule of the caller's (the lab watches the looks of the shipped one). */
    public ThinPoolSource(Libc libc, DeviceMapper.Opener opener, FilesystemWrites.Opener filesystems, Options options,
                          ReadingSchedule schedule, ReadingSink<? super ThinPoolReading> sink) {
        this(libc, opener, BlockWrites.Opener.NONE, filesystems, options, schedule, sink);
    }

    /**
     * @param blocks opens the block-layer write signal ({@link BlockWrites.Opener#NONE} where there is none: the
     *               filesystem signals are used, and mmap or loop-device writes are seen at the safety look)
     */
    public ThinPoolSource(Libc libc, DeviceMapper.Opener opener, BlockWrites.Opener blocks, FilesystemWrites.Opener filesystems,
                          Options options, ReadingSink<? super ThinPoolReading> sink) {
        this(libc, opener, blocks, filesystems, options, options.schedule(), sink);
    }

    /** With both signals' openers and a schedule of the caller's. */
    public ThinPoolSource(Libc libc, DeviceMapper.Opener opener, BlockWrites.Opener blocks, FilesystemWrites.Opener filesystems,
                          Options options, ReadingSchedule schedule, ReadingSink<? super ThinPoolReading> sink) {
        this.libc = libc;
        this.opener = opener;
        this.blocks = blocks;
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
        counters = new PoolCounters(new BlockCounterFiles(libc, options.blockDevices()), complaints);
        readings = new PoolReadings(dm, ctx, schedule, sink, complaints, options.maxInterval().toNanos());
        listing = new PoolListing(dm, ctx, complaints, new Wiring());
        signals = new PoolSignals(libc, filesystems, blocks, options, schedule, ctx, complaints, pool -> scheduleLook());
        SourceStatus status = watchDm(version);
        if (dm == null) {
            return status; // closed: neither way of watching works
        }
        watchMounts();
        listing.rescan(PoolListing.Scan.EVERYTHING);
        signals.refresh(listing.known(), false);
        clockJump = ctx.afterClockJump(this::clockJumped);
        scheduleLook();
        started = status;
        signalDescribed = signals.describe();
        return withSignal(status, signalDescribed);
    }

    /** The status with the write signal in use said once (which one, and why not the block layer). */
    private static SourceStatus withSignal(SourceStatus status, java.util.Optional<String> signal) {
        return signal.map(s -> new SourceStatus(status.source(), status.state(), status.mechanism() + "; " + s, status.reason()))
                .orElse(status);
    }

    /** Arm-poll on the control fd where the kernel has it, else the DM_DEV_WAIT threads; unavailable (and closed) when neither works. */
    private SourceStatus watchDm(DeviceMapper.Version version) {
        String arm = options.forceDevWait() ? "DM_DEV_WAIT forced by configuration"
                : version.hasArmPoll() ? null : "dm ioctl " + version + " lacks DM_DEV_ARM_POLL (Linux < 4.13)";
        if (arm == null) {
            try {
                dm.armPoll();
                watch = ctx.watch(dm.fd(), SourceContext.READABLE, ready -> onDmEvent());
                return SourceStatus.active(SourceId.THINPOOL, "DM_DEV_ARM_POLL + poll() on " + opener.path() + " (dm ioctl " + version + ")");
            } catch (OsException e) {
                arm = "DM_DEV_ARM_POLL failed: " + e.errnoName();
            }
        }
        try {
            waiters = new PoolWaiters(libc, opener);
            watch = ctx.watch(waiters.fd(), SourceContext.READABLE, ready -> onWaiterWoke());
        } catch (OsException e) {
            close();
            return SourceStatus.unavailable(SourceId.THINPOOL, "eventfd for the DM_DEV_WAIT fallback: " + e.getMessage());
        }
        return SourceStatus.degraded(SourceId.THINPOOL, "DM_DEV_WAIT, one waiting thread per pool", arm);
    }

    /** Readable with POLLPRI when the mount table changes: a filesystem mounted from a thin volume gets its mark. */
    private void watchMounts() {
        try {
            mountinfoFd = libc.open(options.mountinfo(), Libc.O_RDONLY, "mount table");
            mountWatch = ctx.watch(mountinfoFd, SourceContext.PRIORITY, ready -> onMountsChanged());
        } catch (OsException | java.io.UncheckedIOException e) { // UncheckedIOException: a file epoll cannot watch
            LOG.log(System.Logger.Level.WARNING, "mount changes are seen at the thin pools' next safety look only: " + e.getMessage());
        }
    }

    @Override
    public void resync() {
        if (dm != null) {
            listing.rescan(PoolListing.Scan.EVERYTHING);
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
        return readings == null ? new ArrayList<>() : readings.current();
    }

    private void onDmEvent() {
        try {
            dm.armPoll(); // before listing: an event from now on makes the fd readable again
        } catch (OsException e) {
            fail("DM_DEV_ARM_POLL", e);
            return;
        }
        listing.rescan(PoolListing.Scan.POOLS_AGAIN);
        refreshSignals();
        scheduleLook();
    }

    private void onWaiterWoke() throws OsException {
        waiters.drain();
        listing.rescan(PoolListing.Scan.POOLS_AGAIN);
        refreshSignals();
        scheduleLook();
    }

    /** A look, when the schedule says: each pool whose look is due is looked at, and read if the schedule wants it. */
    private void look() {
        if (dm == null) {
            return;
        }
        if (listing.waitingForATable()) {
            listing.rescan(PoolListing.Scan.CHANGED); // its table may have been loaded and resumed without an event we could count on
        }
        long now = ctx.nanoTime();
        boolean vanished = false;
        boolean safetyLook = false;
        for (var e : List.copyOf(listing.known().entrySet())) {
            KnownDevice k = e.getValue();
            String pool = e.getKey();
            OptionalLong due = schedule.nextLook(pool);
            if (!k.pool() || (due.isPresent() && due.getAsLong() > now)) {
                continue;
            }
            safetyLook |= schedule.quiet(pool);
            signals.lookedAt(pool, now); // written since the last look: the pool stays written until it settles
            if (schedule.looked(pool, counters.activity(pool, k), now)) {
                vanished |= !read(pool, k, false);
            }
        }
        if (vanished) {
            listing.list(PoolListing.Scan.CHANGED); // the listing says which pool went
        }
        if (safetyLook) {
            listing.rescan(PoolListing.Scan.POOLS_AGAIN); // a pool reloaded as something else without an event we could see
            refreshSignals(); // volumes, nodes or mounts may have changed without a signal we could see
        } else {
            signals.sync();
        }
        scheduleLook();
    }

    /**
     * The wall clock jumped: set, or back from a suspend, which took every CPU but the boot one
     * offline and back, and with them their perf events for good (docs/thinpool.md). The
     * block-layer signals are opened again {@link #REOPEN_AFTER} later, when every CPU is back.
     */
    private void clockJumped() {
        if (reopen == null) {
            reopen = ctx.scheduleMonotonic(ctx.nanoTime() + REOPEN_AFTER.toNanos(), () -> {
                reopen = null;
                refreshSignals(true);
            });
        }
    }

    /** Finds again what is stacked on each pool, then arms or disarms the signals. */
    private void refreshSignals() {
        refreshSignals(false);
    }

    /** As {@link #refreshSignals()}; {@code blockLayerAgain}: every block-layer signal is opened again too. */
    private void refreshSignals(boolean blockLayerAgain) {
        if (dm != null) {
            signals.refresh(listing.known(), blockLayerAgain);
            var now = signals.describe();
            if (started != null && !now.equals(signalDescribed)) {
                signalDescribed = now;
                ctx.statusChanged(withSignal(started, now));
            }
        }
    }

    /**
     * Reads one pool's status (its devices' counters first, so that a write landing between the
     * two shows at the next look) and hands the reading on. False when the pool has gone away.
     */
    private boolean read(String name, KnownDevice k, boolean handOnAnyway) {
        KnownDevice now = readings.read(name, k, counters.activity(name, k), handOnAnyway);
        if (now == null) {
            return false;
        }
        if (now != k) {
            listing.update(name, now);
            if (!now.pool()) {
                gone(name, k); // reloaded as something else
            }
        }
        return true;
    }

    private void gone(String pool, KnownDevice k) {
        signals.forget(pool);
        schedule.forget(pool);
        complaints.forget(pool, k);
        counters.forget(k);
        readings.gone(pool);
    }

    /** What the listing finds, wired to the parts. */
    private final class Wiring implements PoolListing.Pools {
        @Override
        public boolean read(String name, KnownDevice k, boolean handOnAnyway) {
            return ThinPoolSource.this.read(name, k, handOnAnyway);
        }

        @Override
        public void identified(String name, long eventNr) {
            if (waiters != null) {
                waiters.start(name, eventNr);
            }
        }

        @Override
        public void reloaded(KnownDevice was, KnownDevice now) {
            counters.forgetUnused(was, now);
        }

        @Override
        public void gone(String name, KnownDevice was) {
            ThinPoolSource.this.gone(name, was);
        }

        @Override
        public void failed(String call, OsException e) {
            fail(call, e);
        }
    }

    /** Sets the next look: the schedule's, or sooner while a device waits for its table. */
    private void scheduleLook() {
        if (dm == null) {
            return;
        }
        OptionalLong next = schedule.next();
        if (listing.waitingForATable()) {
            long again = listing.lastListing() + options.lookInterval().toNanos();
            next = OptionalLong.of(next.isPresent() ? Math.min(next.getAsLong(), again) : again);
        }
        if (next.isPresent()) {
            nextLook.setMonotonic(ctx, next.getAsLong(), this::look);
        } else {
            nextLook.cancel();
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
        if (clockJump != null) {
            clockJump.close();
            clockJump = null;
        }
        if (reopen != null) {
            reopen.close();
            reopen = null;
        }
        if (signals != null) {
            signals.close();
        }
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
        if (listing != null) {
            listing.close();
        }
        if (dm != null) {
            dm.close();
            dm = null;
        }
        if (waiters != null) {
            waiters.close();
        }
    }
}
