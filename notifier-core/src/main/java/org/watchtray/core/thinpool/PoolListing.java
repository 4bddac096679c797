package org.watchtray.core.thinpool;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.core.parse.Parsed;
import org.watchtray.core.source.SourceContext;

/**
 * The dm device list: {@code DM_LIST_DEVICES}' per-device event counters say which devices
 * changed, their tables say which are thin pools ({@link KnownDevice}), and what follows
 * (a pool read, reloaded or gone) is told to the {@link Pools}. A device listed without a table
 * (LVM creates a device, then loads and resumes its table; resuming does not change its event
 * counter) is identified again at every listing. Backend thread only.
 */
final class PoolListing {
    /** What a listing reads besides new devices, devices whose event counter moved and devices that had no table. */
    enum Scan {
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

    /** What the source does with the pools a listing finds. */
    interface Pools {
        /** Reads the pool and hands the reading on; false when it has gone away. */
        boolean read(String name, KnownDevice k, boolean handOnAnyway);

        /** A pool identified (again), with the event counter its table gave. */
        void identified(String name, long eventNr);

        /** A pool that is still a pool after its table was read again (its devices may differ). */
        void reloaded(KnownDevice was, KnownDevice now);

        /** A pool that went, or was reloaded as something else. */
        void gone(String name, KnownDevice was);

        /** Listing failed: monitoring stops. */
        void failed(String call, OsException e);
    }

    private final SourceContext ctx;
    private final Complaints complaints;
    private final Pools pools;
    private final Map<String, KnownDevice> known = new HashMap<>();
    private DeviceMapper dm;
    /** When the devices were last listed (monotonic), for the look that lists them again while one has no table. */
    private long lastListing;

    PoolListing(DeviceMapper dm, SourceContext ctx, Complaints complaints, Pools pools) {
        this.dm = dm;
        this.ctx = ctx;
        this.complaints = complaints;
        this.pools = pools;
    }

    /** Every device listed so far, by name (read-only). */
    Map<String, KnownDevice> known() {
        return Collections.unmodifiableMap(known);
    }

    /** What a reading found out about a device it read. */
    void update(String name, KnownDevice k) {
        known.put(name, k);
    }

    /** Whether a device waits for its table: then the devices are listed again at every look. */
    boolean waitingForATable() {
        return known.values().stream().anyMatch(KnownDevice::tableless);
    }

    /** When the devices were last listed (monotonic). */
    long lastListing() {
        return lastListing;
    }

    /**
     * Lists devices and reads what {@code scan} says. A device that had no table is identified
     * again: its table may have been loaded since.
     */
    void rescan(Scan scan) {
        if (list(scan)) {
            list(Scan.CHANGED); // a pool went between the listing and its reading: the next listing says it is gone
        }
    }

    /** One listing and what follows from it; true when a pool listed in it could not be read because it was gone. */
    boolean list(Scan scan) {
        boolean everything = scan == Scan.EVERYTHING;
        if (dm == null) {
            return false;
        }
        lastListing = ctx.nanoTime();
        List<DeviceMapper.Device> devices;
        try {
            devices = dm.list();
        } catch (OsException e) {
            pools.failed("DM_LIST_DEVICES", e);
            return false;
        }
        Set<String> present = new HashSet<>();
        boolean vanished = false;
        for (DeviceMapper.Device d : devices) {
            present.add(d.name());
            KnownDevice k = known.get(d.name());
            boolean changed = k == null || k.tableless() || k.dev() != d.dev() || d.eventNr() < 0 || k.eventNr() != d.eventNr()
                    || (k.pool() && scan != Scan.CHANGED);
            if (changed) {
                KnownDevice was = k;
                k = identify(d);
                if (k == null) {
                    continue;
                }
                known.put(d.name(), k);
                if (was != null && was.pool() && !k.pool()) {
                    pools.gone(d.name(), was); // reloaded as something else
                } else if (was != null && was.pool()) {
                    pools.reloaded(was, k);
                }
            }
            if (k.pool() && (changed || everything)) {
                vanished |= !pools.read(d.name(), k, everything);
            }
        }
        forgetAllBut(present);
        return vanished;
    }

    /** Devices the listing no longer has are forgotten; a pool among them is gone. */
    private void forgetAllBut(Set<String> present) {
        for (var it = known.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!present.contains(e.getKey())) {
                it.remove();
                if (e.getValue().pool()) {
                    pools.gone(e.getKey(), e.getValue());
                }
            }
        }
    }

    /** Reads the table: is it a thin pool, and with which parameters; null when the device went away meanwhile. */
    private KnownDevice identify(DeviceMapper.Device d) {
        DeviceMapper.Status table;
        try {
            table = dm.status(d.name(), true);
        } catch (OsException e) {
            if (e.errno() != Errno.ENXIO) { // ENXIO: removed between list and status
                complaints.complain(d.name(), "reading the table of dm device " + d.name(), e);
            }
            return null;
        }
        if (table.targets().isEmpty()) {
            return KnownDevice.notAPool(d.dev(), true, d.eventNr(), table.uuid()); // created, table not loaded or not resumed yet
        }
        DeviceMapper.Target pool = PoolReadings.thinPool(table);
        if (pool == null) {
            return KnownDevice.notAPool(d.dev(), false, d.eventNr(), table.uuid());
        }
        pools.identified(d.name(), table.eventNr());
        String data = "";
        String metadata = "";
        if (ThinPoolTableParser.parse(pool.text()) instanceof Parsed.Ok<ThinPoolTable> ok) {
            data = ok.value().dataDevice();
            metadata = ok.value().metadataDevice();
        }
        return new KnownDevice(d.dev(), true, false, table.eventNr() >= 0 ? Math.max(d.eventNr(), table.eventNr()) : d.eventNr(),
                table.uuid(), pool.text(), data, metadata);
    }

    /** The source closed: nothing is listed any more. */
    void close() {
        dm = null;
    }
}
