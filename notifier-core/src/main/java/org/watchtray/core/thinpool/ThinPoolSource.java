package org.watchtray.core.thinpool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * (low-water mark, mode change, table swap, create/remove); then {@code DM_LIST_DEVICES}'
 * per-device event counters say which devices changed and {@code DM_TABLE_STATUS} reads the
 * pools among them. Re-arm happens before the list is read, so an event that arrives in
 * between makes the fd readable again rather than being missed.
 *
 * <p>Threshold crossings raise no kernel event, so pools are also read when the
 * {@link ReadingSchedule} says (only while pools exist).
 *
 * <p>Kernels before 4.13 lack arm-poll: then one daemon thread per pool blocks in
 * {@code DM_DEV_WAIT} on its own control fd and wakes the backend thread through an
 * {@link EventFd}, so the backend thread itself never blocks. Such a thread ends at its pool's
 * next event after {@link #close()}, or with the process.
 */
public final class ThinPoolSource implements Source, CurrentReadings {
    private static final System.Logger LOG = System.getLogger(ThinPoolSource.class.getName());

    /**
     * @param minInterval  shortest time between readings while a pool fills
     * @param maxInterval  longest time between readings of an idle pool
     * @param forceDevWait use the DM_DEV_WAIT fallback even where arm-poll exists (for tests)
     */
    public record Options(Duration minInterval, Duration maxInterval, boolean forceDevWait) {
        public static final Options DEFAULT = new Options(Duration.ofSeconds(10), Duration.ofMinutes(5), false);

        /** The schedule these options describe: a pool may fill one percentage point between readings. */
        public ReadingSchedule schedule() {
            return new FillRateSchedule(minInterval, maxInterval, 1.0);
        }
    }

    private final Libc libc;
    private final DeviceMapper.Opener opener;
    private final Options options;
    private final ReadingSchedule schedule;
    private final ReadingSink<? super ThinPoolReading> sink;
    private final Map<String, Known> known = new HashMap<>();
    /** Each pool's latest reading, for a subscriber that connects late. */
    private final Map<String, ThinPoolReading.Status> latest = new LinkedHashMap<>();
    /** Pools with a DM_DEV_WAIT thread: added on the backend thread, removed by the thread as it ends. */
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> waitProblems = new ConcurrentLinkedQueue<>();
    private final Object wakeLock = new Object();
    private final NextDeadline nextReading = new NextDeadline();
    private SourceContext ctx;
    private DeviceMapper dm;
    private SourceContext.Registration watch;
    private EventFd wake;
    private volatile boolean closed;

    /** What we know of one dm device: whether it is a thin pool, its last event counter, its table. */
    private record Known(long dev, boolean pool, long eventNr, String uuid, String table) {
    }

    public ThinPoolSource(Libc libc, DeviceMapper.Opener opener, Options options, ReadingSink<? super ThinPoolReading> sink) {
        this.libc = libc;
        this.opener = opener;
        this.options = options;
        this.schedule = options.schedule();
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
        rescan(true);
        scheduleReading();
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
        rescan(false);
        scheduleReading();
    }

    private void onWaiterWoke() throws OsException {
        wake.drain();
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
        Set<String> present = new HashSet<>();
        for (DeviceMapper.Device d : devices) {
            present.add(d.name());
            Known k = known.get(d.name());
            boolean changed = k == null || k.dev() != d.dev() || d.eventNr() < 0 || k.eventNr() != d.eventNr();
            if (changed) {
                boolean wasPool = k != null && k.pool();
                k = identify(d);
                if (k == null) {
                    continue;
                }
                known.put(d.name(), k);
                if (wasPool && !k.pool()) {
                    gone(d.name()); // reloaded as something else
                }
            }
            if (k.pool() && (changed || everything)) {
                read(d.name(), k);
            }
        }
        for (var it = known.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!present.contains(e.getKey())) {
                it.remove();
                if (e.getValue().pool()) {
                    gone(e.getKey());
                }
            }
        }
    }

    private void gone(String pool) {
        latest.remove(pool);
        schedule.forget(pool);
        sink.accept(new ThinPoolReading.Gone(ctx.clock().instant(), pool), ctx);
    }

    /** Reads the table: is it a thin pool, and with which parameters. */
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
            return new Known(d.dev(), false, d.eventNr(), table.uuid(), "");
        }
        if (wake != null) {
            startWaiter(d.name(), table.eventNr());
        }
        return new Known(d.dev(), true, table.eventNr() >= 0 ? Math.max(d.eventNr(), table.eventNr()) : d.eventNr(),
                table.uuid(), pool.text());
    }

    private void read(String name, Known k) {
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
            known.put(name, new Known(k.dev(), false, st.eventNr(), st.uuid(), ""));
            gone(name); // reloaded as something else
            return;
        }
        known.put(name, new Known(k.dev(), true, Math.max(k.eventNr(), st.eventNr()), k.uuid(), k.table()));
        ThinPoolReading.Status reading = new ThinPoolReading.Status(ctx.clock().instant(), name, k.uuid(), k.table(), t.text());
        latest.put(name, reading);
        if (ThinPoolStatusParser.parse(t.text()) instanceof Parsed.Ok<ThinPoolStatus> ok) {
            schedule.observed(reading, ok.value());
        }
        sink.accept(reading, ctx);
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
        if (dm == null) {
            return;
        }
        nextReading.set(ctx, schedule.next().map(delay -> ctx.clock().instant().plus(delay)).orElse(null), () -> {
            rescan(true);
            scheduleReading();
        });
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
                    waitProblems.add("DM_DEV_WAIT on thin pool " + name + " stopped: " + e.getMessage());
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
                waitProblems.add("waking the backend from DM_DEV_WAIT: " + e.getMessage());
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
        nextReading.cancel();
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
