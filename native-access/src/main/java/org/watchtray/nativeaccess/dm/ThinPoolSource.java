package org.watchtray.nativeaccess.dm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.watchtray.core.thinpool.ThinPoolMonitor;
import org.watchtray.core.thinpool.ThinPoolSample;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.thinpool.DmNames;
import org.watchtray.core.parse.Parsed;
import org.watchtray.core.thinpool.ThinPoolStatus;
import org.watchtray.core.thinpool.ThinPoolStatusParser;
import org.watchtray.core.thinpool.ThinPoolTable;
import org.watchtray.core.thinpool.ThinPoolTableParser;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.CurrentState;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;

/**
 * Thin pools through device-mapper: after {@code DM_DEV_ARM_POLL}, the control fd becomes
 * readable when any dm device raises an event (low-water mark, mode change, table swap,
 * create/remove); then {@code DM_LIST_DEVICES}' per-device event counters say which devices
 * changed and {@code DM_TABLE_STATUS} reads the pools among them. Re-arm happens before the
 * list is read, so an event that arrives in between makes the fd readable again rather than
 * being missed.
 *
 * <p>Threshold crossings raise no kernel event, so readings are also taken at the times
 * {@link ThinPoolMonitor#nextReading} asks for (only while pools exist).
 *
 * <p>Kernels before 4.13 lack arm-poll: then one daemon thread per pool blocks in
 * {@code DM_DEV_WAIT} on its own control fd, and hands each wake-up to the backend thread
 * through an eventfd, so the backend thread itself never blocks. Such a thread ends at its
 * pool's next event after {@link #close()}, or with the process.
 */
public final class ThinPoolSource implements Source, CurrentState {
    private static final System.Logger LOG = System.getLogger(ThinPoolSource.class.getName());

    /** Opens a control-device handle (one per DM_DEV_WAIT thread in the fallback). */
    @FunctionalInterface
    public interface Opener {
        DeviceMapper open() throws OsException;
    }

    /**
     * @param minInterval  shortest time between readings while a pool fills
     * @param maxInterval  longest time between readings of an idle pool
     * @param forceDevWait use the DM_DEV_WAIT fallback even where arm-poll exists (for tests)
     */
    public record Options(Duration minInterval, Duration maxInterval, boolean forceDevWait) {
        public static final Options DEFAULT = new Options(Duration.ofSeconds(10), Duration.ofMinutes(5), false);
    }

    private final Libc libc;
    private final Opener opener;
    private final ThinPoolMonitor monitor;
    private final Options options;
    private final Map<String, Known> known = new HashMap<>();
    private final Set<String> waiting = new HashSet<>();
    private final ConcurrentLinkedQueue<String> waitProblems = new ConcurrentLinkedQueue<>();
    private SourceContext ctx;
    private DeviceMapper dm;
    private SourceStatus status = SourceStatus.unavailable(SourceId.THINPOOL, "not started");
    private SourceContext.Registration watch;
    private SourceContext.Registration reading;
    private int wakeFd = -1;
    private volatile boolean closed;

    /** What we know of one dm device: whether it is a thin pool, and its last event counter. */
    private record Known(long dev, boolean pool, long eventNr, String lvmName, long lowWater) {
    }

    public ThinPoolSource(Libc libc, Opener opener, Settings.ThinPool thresholds, Options options) {
        this.libc = libc;
        this.opener = opener;
        this.options = options;
        this.monitor = new ThinPoolMonitor(thresholds, options.minInterval(), options.maxInterval());
    }

    /** The usual source: {@code /dev/mapper/control}. */
    public static ThinPoolSource standard(Libc libc, Settings.ThinPool thresholds, Options options) {
        return new ThinPoolSource(libc, () -> LinuxDeviceMapper.open(libc, LinuxDeviceMapper.CONTROL), thresholds, options);
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
            status = SourceStatus.unavailable(SourceId.THINPOOL, why(e));
            close();
            return status;
        }
        String arm = options.forceDevWait() ? "DM_DEV_WAIT forced by configuration"
                : version.hasArmPoll() ? null : "dm ioctl " + version + " lacks DM_DEV_ARM_POLL (Linux < 4.13)";
        if (arm == null) {
            try {
                dm.armPoll();
                watch = ctx.watch(dm.fd(), SourceContext.READABLE, ready -> onDmEvent());
                status = SourceStatus.active(SourceId.THINPOOL, "DM_DEV_ARM_POLL + poll() on /dev/mapper/control (dm ioctl " + version + ")");
            } catch (OsException e) {
                arm = "DM_DEV_ARM_POLL failed: " + e.errnoName();
            }
        }
        if (arm != null) {
            try {
                wakeFd = libc.eventfd(0, Libc.EFD_NONBLOCK);
                watch = ctx.watch(wakeFd, SourceContext.READABLE, ready -> onWaiterWoke());
            } catch (OsException e) {
                status = SourceStatus.unavailable(SourceId.THINPOOL, "eventfd for the DM_DEV_WAIT fallback: " + e.getMessage());
                close();
                return status;
            }
            status = SourceStatus.degraded(SourceId.THINPOOL, "DM_DEV_WAIT, one waiting thread per pool", arm);
        }
        rescan(true);
        scheduleReading();
        return status;
    }

    public SourceStatus status() {
        return status;
    }

    @Override
    public void resync() {
        if (dm != null) {
            rescan(true);
            scheduleReading();
        }
    }

    @Override
    public List<Event> currentState() {
        return new ArrayList<>(monitor.current(ctx == null ? Instant.now() : ctx.clock().instant()));
    }

    private void onDmEvent() {
        try {
            dm.armPoll(); // before listing: an event from now on makes the fd readable again
        } catch (OsException e) {
            fail("DM_DEV_ARM_POLL", e);
            return;
        }
        rescan(false);
        scheduleReading();
    }

    private void onWaiterWoke() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment counter = arena.allocate(ValueLayout.JAVA_LONG);
            libc.readOrAgain(wakeFd, counter, 8);
        } catch (OsException e) {
            LOG.log(System.Logger.Level.WARNING, "reading the DM_DEV_WAIT wake-up eventfd", e);
        }
        for (String problem; (problem = waitProblems.poll()) != null; ) {
            LOG.log(System.Logger.Level.WARNING, problem);
        }
        rescan(false);
        scheduleReading();
    }

    /** Lists devices; reads pools that are new, changed, or all of them when {@code everything}. */
    private void rescan(boolean everything) {
        List<DeviceMapper.Device> devices;
        try {
            devices = dm.list();
        } catch (OsException e) {
            fail("DM_LIST_DEVICES", e);
            return;
        }
        Instant now = ctx.clock().instant();
        Set<String> present = new HashSet<>();
        for (DeviceMapper.Device d : devices) {
            present.add(d.name());
            Known k = known.get(d.name());
            boolean changed = k == null || k.dev() != d.dev() || d.eventNr() < 0 || k.eventNr() != d.eventNr();
            if (changed) {
                k = identify(d);
                if (k == null) {
                    continue;
                }
                known.put(d.name(), k);
            }
            if (k.pool() && (changed || everything)) {
                read(d.name(), k, now);
            }
        }
        for (var it = known.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!present.contains(e.getKey())) {
                it.remove();
                if (e.getValue().pool()) {
                    monitor.removed(e.getKey(), now).forEach(ctx::emit);
                }
            }
        }
    }

    /** Reads the table: is it a thin pool, and with which low-water mark and LVM name. */
    private Known identify(DeviceMapper.Device d) {
        DeviceMapper.Status table;
        try {
            table = dm.status(d.name(), true);
        } catch (OsException e) {
            if (e.errno() != Errno.ENXIO) { // ENXIO: removed between list and status
                LOG.log(System.Logger.Level.WARNING, "reading the table of dm device " + d.name(), e);
            }
            return null;
        }
        DeviceMapper.Target pool = thinPool(table);
        if (pool == null) {
            return new Known(d.dev(), false, d.eventNr(), "", 0);
        }
        long lowWater = 0;
        switch (ThinPoolTableParser.parse(pool.text())) {
            case Parsed.Ok<ThinPoolTable> ok -> lowWater = ok.value().lowWaterMarkBlocks();
            case Parsed.Malformed<ThinPoolTable> bad -> problem(d.name(), "table", bad, pool.text());
        }
        if (options.forceDevWait() || wakeFd >= 0) {
            startWaiter(d.name(), table.eventNr());
        }
        return new Known(d.dev(), true, table.eventNr() >= 0 ? Math.max(d.eventNr(), table.eventNr()) : d.eventNr(),
                DmNames.lvmName(d.name(), table.uuid()), lowWater);
    }

    private void read(String name, Known k, Instant now) {
        DeviceMapper.Status st;
        try {
            st = dm.status(name, false);
        } catch (OsException e) {
            if (e.errno() != Errno.ENXIO) {
                LOG.log(System.Logger.Level.WARNING, "reading the status of thin pool " + name, e);
            }
            return;
        }
        DeviceMapper.Target t = thinPool(st);
        if (t == null) {
            known.put(name, new Known(k.dev(), false, st.eventNr(), "", 0)); // reloaded as something else
            return;
        }
        known.put(name, new Known(k.dev(), true, Math.max(k.eventNr(), st.eventNr()), k.lvmName(), k.lowWater()));
        switch (ThinPoolStatusParser.parse(t.text())) {
            case Parsed.Ok<ThinPoolStatus> ok -> {
                for (ThinPoolEvent e : monitor.observe(new ThinPoolSample(now, name, k.lvmName(), ok.value(), k.lowWater()))) {
                    ctx.emit(e);
                }
            }
            case Parsed.Malformed<ThinPoolStatus> bad -> problem(name, "status", bad, t.text());
        }
    }

    private void problem(String pool, String what, Parsed.Malformed<?> bad, String text) {
        ctx.emit(new DecodeProblem(ctx.clock().instant(), SourceId.THINPOOL, bad.offset(),
                "thin pool " + pool + " " + what + ": " + bad.problem(),
                new Bytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    private static DeviceMapper.Target thinPool(DeviceMapper.Status s) {
        for (DeviceMapper.Target t : s.targets()) {
            if (t.type().equals("thin-pool")) {
                return t;
            }
        }
        return null;
    }

    private void scheduleReading() {
        if (reading != null) {
            reading.close();
            reading = null;
        }
        monitor.nextReading().ifPresent(delay -> reading = ctx.schedule(ctx.clock().instant().plus(delay), () -> {
            reading = null;
            rescan(true);
            scheduleReading();
        }));
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
                    wake();
                }
            } catch (OsException e) {
                if (e.errno() != Errno.ENXIO) {
                    waitProblems.add("DM_DEV_WAIT on thin pool " + name + " stopped: " + e.getMessage());
                }
                wake();
            } finally {
                synchronized (waiting) {
                    waiting.remove(name);
                }
            }
        });
    }

    private void wake() {
        int fd = wakeFd;
        if (fd < 0 || closed) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG);
            one.set(ValueLayout.JAVA_LONG, 0, 1L);
            libc.write(fd, one, 8);
        } catch (OsException e) {
            waitProblems.add("waking the backend from DM_DEV_WAIT: " + e.getMessage());
        }
    }

    private void fail(String call, OsException e) {
        LOG.log(System.Logger.Level.WARNING, call + " failed; thin-pool monitoring stops", e);
        status = SourceStatus.unavailable(SourceId.THINPOOL, call + " failed: " + e.getMessage());
        ctx.statusChanged(status);
        close();
    }

    static String why(OsException e) {
        return switch (e.errno()) {
            case Errno.ENOENT -> "no device-mapper here (" + LinuxDeviceMapper.CONTROL + " is missing)";
            case Errno.EACCES, Errno.EPERM -> "device-mapper needs CAP_SYS_ADMIN (" + e.getMessage() + "): install watchtray-agent";
            default -> e.getMessage();
        };
    }

    @Override
    public void close() {
        closed = true;
        if (reading != null) {
            reading.close();
            reading = null;
        }
        if (watch != null) {
            watch.close();
            watch = null;
        }
        if (dm != null) {
            dm.close();
            dm = null;
        }
        if (wakeFd >= 0) {
            libc.closeQuietly(wakeFd);
            wakeFd = -1;
        }
    }
}
