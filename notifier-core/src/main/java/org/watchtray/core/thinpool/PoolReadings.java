package org.watchtray.core.thinpool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.core.parse.Parsed;
import org.watchtray.core.source.Reading;
import org.watchtray.core.source.ReadingSink;
import org.watchtray.core.source.SourceContext;

/**
 * A pool's reading: its status read, told to the schedule and handed to the sink; a status
 * line the same as the last one handed on is handed on again only after the longest interval,
 * so a pool that is written without growing does not wake every desktop at every look. Keeps
 * each pool's latest reading for a subscriber that connects late. Backend thread only.
 */
final class PoolReadings {
    private final DeviceMapper dm;
    private final SourceContext ctx;
    private final ReadingSchedule schedule;
    private final ReadingSink<? super ThinPoolReading> sink;
    private final Complaints complaints;
    private final long maxIntervalNanos;
    /** Each pool's latest reading, for a subscriber that connects late. */
    private final Map<String, ThinPoolReading.Status> latest = new LinkedHashMap<>();
    /** Each pool's last reading handed on, and when (monotonic): an identical one is not handed on again before the longest interval. */
    private final Map<String, HandedOn> handedOn = new HashMap<>();

    private record HandedOn(String status, long at) {
    }

    PoolReadings(DeviceMapper dm, SourceContext ctx, ReadingSchedule schedule, ReadingSink<? super ThinPoolReading> sink,
                 Complaints complaints, long maxIntervalNanos) {
        this.dm = dm;
        this.ctx = ctx;
        this.schedule = schedule;
        this.sink = sink;
        this.complaints = complaints;
        this.maxIntervalNanos = maxIntervalNanos;
    }

    /**
     * Reads one pool's status ({@code activity}, its devices' counters, was read just before, so
     * that a write landing between the two shows at the next look) and hands the reading on.
     *
     * @return what is known of the device now: null when it has gone away, {@code k} itself when
     *         its status could not be read (complained of), one that is not a pool when it was
     *         reloaded as something else, else {@code k} with the event counter the status gave
     */
    KnownDevice read(String name, KnownDevice k, Optional<ThinPoolActivity> activity, boolean handOnAnyway) {
        DeviceMapper.Status st;
        try {
            st = dm.status(name, false);
        } catch (OsException e) {
            if (e.errno() == Errno.ENXIO) {
                return null;
            }
            complaints.complain(name, "reading the status of thin pool " + name, e);
            return k;
        }
        DeviceMapper.Target t = thinPool(st);
        if (t == null) {
            return KnownDevice.notAPool(k.dev(), st.targets().isEmpty(), st.eventNr(), st.uuid());
        }
        complaints.solved(name);
        long now = ctx.nanoTime();
        ThinPoolReading.Status reading = new ThinPoolReading.Status(ctx.clock().instant(), name, k.uuid(), k.table(), t.text());
        latest.put(name, reading);
        Optional<ThinPoolStatus> status = ThinPoolStatusParser.parse(t.text()) instanceof Parsed.Ok<ThinPoolStatus> ok
                ? Optional.of(ok.value()) : Optional.empty();
        schedule.read(name, status, activity, now);
        HandedOn last = handedOn.get(name);
        if (handOnAnyway || last == null || !last.status().equals(t.text()) || now - last.at() >= maxIntervalNanos) {
            handedOn.put(name, new HandedOn(t.text(), now));
            sink.accept(reading, ctx);
        }
        return k.withEventNr(Math.max(k.eventNr(), st.eventNr()));
    }

    /** The pool went: its readings are forgotten and the sink hears it is gone. */
    void gone(String pool) {
        latest.remove(pool);
        handedOn.remove(pool);
        sink.accept(new ThinPoolReading.Gone(ctx.clock().instant(), pool), ctx);
    }

    List<Reading> current() {
        return new ArrayList<>(latest.values());
    }

    /** The device's thin-pool target, or null when it has none. */
    static DeviceMapper.Target thinPool(DeviceMapper.Status s) {
        for (DeviceMapper.Target t : s.targets()) {
            if (t.type().equals("thin-pool")) {
                return t;
            }
        }
        return null;
    }
}
