package org.watchtray.core.thinpool;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.thinpool.ThinPoolEvent.Change;
import org.watchtray.core.thinpool.ThinPoolStatus.Mode;

/**
 * Turns thin-pool status readings into semantic events: thresholds crossed (data and metadata
 * separately), the low-water mark, mode changes (out of data space, read-only, failed),
 * needs_check, and RESOLVED once nothing is wrong any more so the toast can be withdrawn.
 * Each alert is raised once; a threshold re-arms only after usage falls {@value #HYSTERESIS}
 * points below it, so a pool hovering at 80 % does not flap. Every threshold crossed between
 * two readings is announced, lowest first (70 % then 93 %: 80, 85, 90); a first reading, or
 * new settings, announce only the highest one in force: that is the pool's current state.
 *
 * <p>The thresholds are one user's settings (or the agent's own, for what it does
 * system-wide) and may change while pools are watched ({@link #reconfigure}). When readings
 * are taken is not decided here: see {@link ReadingSchedule}.
 */
public final class ThinPoolMonitor {
    static final double HYSTERESIS = 2.0;
    private static final Duration RATE_WINDOW = Duration.ofMinutes(30);

    private List<Integer> dataThresholds;
    private List<Integer> metadataThresholds;
    private final Map<String, Pool> pools = new LinkedHashMap<>();

    public ThinPoolMonitor(Settings.ThinPool settings) {
        this.dataThresholds = settings.dataThresholds();
        this.metadataThresholds = settings.metadataThresholds();
    }

    private static final class Pool {
        final String name;
        String lvmName;
        ThinPoolStatus last;
        long lowWater;
        int dataCrossed;
        int metadataCrossed;
        /** An alert was dropped by a reconfiguration: the next evaluation decides whether all is resolved. */
        boolean hadAlert;
        final FillRate dataRate = new FillRate(RATE_WINDOW);
        final FillRate metadataRate = new FillRate(RATE_WINDOW);
        /** The alerts in force, for snapshots and to know when everything is resolved. */
        final EnumMap<Change, ThinPoolEvent> active = new EnumMap<>(Change.class);

        Pool(String name) {
            this.name = name;
        }
    }

    /** Feeds one reading; returns the events it causes, least severe first. */
    public List<ThinPoolEvent> observe(ThinPoolSample sample) {
        ThinPoolStatus s = sample.status();
        if (s.mode() == Mode.ERROR) {
            return List.of(); // the query failed: this reading says nothing about the pool
        }
        Pool p = pools.computeIfAbsent(sample.pool(), Pool::new);
        p.lvmName = sample.lvmName();
        p.lowWater = sample.lowWaterMarkBlocks();
        boolean first = p.last == null;
        Mode previousMode = first ? Mode.WRITE : p.last.mode();
        p.last = s;
        List<ThinPoolEvent> out = new ArrayList<>();
        Instant t = sample.time();
        if (first) {
            out.add(event(p, t, Change.STATUS, 0));
        }
        if (s.hasCounters()) {
            p.dataRate.add(t, s.usedDataBlocks());
            p.metadataRate.add(t, s.usedMetadataBlocks());
        }
        evaluate(p, t, previousMode, !first, out);
        return out;
    }

    /**
     * New thresholds, effective at once: each pool's last reading is judged again, so a user
     * who lowers a threshold below the current usage hears about it now, and an alert for a
     * threshold that is no longer set is resolved. Thresholds already announced stay announced
     * when they remain set.
     */
    public List<ThinPoolEvent> reconfigure(Settings.ThinPool settings, Instant now) {
        List<Integer> oldData = dataThresholds;
        List<Integer> oldMetadata = metadataThresholds;
        dataThresholds = settings.dataThresholds();
        metadataThresholds = settings.metadataThresholds();
        List<ThinPoolEvent> out = new ArrayList<>();
        if (oldData.equals(dataThresholds) && oldMetadata.equals(metadataThresholds)) {
            return out;
        }
        for (Pool p : pools.values()) {
            if (p.last == null) {
                continue;
            }
            p.dataCrossed = atOrBelow(dataThresholds, p.dataCrossed);
            p.metadataCrossed = atOrBelow(metadataThresholds, p.metadataCrossed);
            restate(p, now, Change.DATA_THRESHOLD, p.dataCrossed);
            restate(p, now, Change.METADATA_THRESHOLD, p.metadataCrossed);
            evaluate(p, now, p.last.mode(), false, out);
        }
        return out;
    }

    /**
     * The alerts the latest reading {@code p.last} calls for, against what was in force;
     * {@code sinceLastReading}: thresholds crossed are announced one by one, else only the highest.
     */
    private void evaluate(Pool p, Instant t, Mode previousMode, boolean sinceLastReading, List<ThinPoolEvent> out) {
        ThinPoolStatus s = p.last;
        boolean hadAlert = !p.active.isEmpty() || p.hadAlert;
        p.hadAlert = false;
        if (s.hasCounters()) {
            p.dataCrossed = crossing(p, t, Change.DATA_THRESHOLD, s.dataPercent(), dataThresholds, p.dataCrossed, sinceLastReading, out);
            p.metadataCrossed = crossing(p, t, Change.METADATA_THRESHOLD, s.metadataPercent(), metadataThresholds, p.metadataCrossed,
                    sinceLastReading, out);
            boolean low = p.lowWater > 0 && s.freeDataBlocks() <= p.lowWater;
            raise(p, t, Change.LOW_WATER_MARK, low, out);
        }
        Change modeAlert = switch (s.mode()) {
            case OUT_OF_DATA_SPACE -> Change.OUT_OF_DATA_SPACE;
            case READ_ONLY -> Change.READ_ONLY;
            case FAIL -> Change.FAILED;
            case WRITE, ERROR -> null;
        };
        for (Change c : List.of(Change.OUT_OF_DATA_SPACE, Change.READ_ONLY, Change.FAILED)) {
            raise(p, t, c, c == modeAlert, out);
        }
        raise(p, t, Change.NEEDS_CHECK, s.needsCheck(), out);
        if (hadAlert && p.active.isEmpty()) {
            out.add(event(p, t, Change.RESOLVED, 0));
        } else if (previousMode != Mode.WRITE && s.mode() == Mode.WRITE && out.isEmpty() && !p.active.isEmpty()) {
            // Writable again but still above a threshold: restate what remains so the toast shows it.
            Change worst = null;
            for (Change c : p.active.keySet()) {
                worst = c; // EnumMap iterates in declaration order, which runs from mild to severe
            }
            ThinPoolEvent again = event(p, t, worst, p.active.get(worst).threshold());
            p.active.put(worst, again);
            out.add(again);
        }
    }

    /** The highest of {@code thresholds} at or below {@code crossed}; 0 when none. */
    private static int atOrBelow(List<Integer> thresholds, int crossed) {
        int kept = 0;
        for (int th : thresholds) {
            if (th <= crossed && th > kept) {
                kept = th;
            }
        }
        return kept;
    }

    /**
     * After new thresholds: a threshold alert in force now stands for the highest remaining
     * threshold at or below the one it announced, or is dropped when there is none (and the
     * next evaluation then says whether everything is resolved). Nothing is emitted here.
     */
    private void restate(Pool p, Instant t, Change change, int crossed) {
        ThinPoolEvent inForce = p.active.get(change);
        if (inForce == null || inForce.threshold() == crossed) {
            return;
        }
        if (crossed == 0) {
            p.active.remove(change);
            p.hadAlert = true;
        } else {
            p.active.put(change, event(p, t, change, crossed));
        }
    }

    /**
     * Records the highest threshold now crossed and emits what is new: with {@code each}, every
     * threshold above the one in force up to it, in ascending order (a user who set 80 and 85
     * hears both when one step took the pool from 70 to 93 %); else only the highest.
     */
    private int crossing(Pool p, Instant t, Change change, double percent, List<Integer> thresholds, int crossed, boolean each,
                         List<ThinPoolEvent> out) {
        int now = 0;
        for (int th : thresholds) {
            if (percent >= th) {
                now = th;
            }
        }
        if (now > crossed) {
            for (int th : thresholds) { // ascending (Settings.ThinPool sorts them)
                if (th == now || (each && th > crossed && th < now)) {
                    ThinPoolEvent e = event(p, t, change, th);
                    p.active.put(change, e);
                    out.add(e);
                }
            }
            return now;
        }
        int kept = crossed;
        while (kept > 0 && percent < kept - HYSTERESIS) {
            kept = below(thresholds, kept);
        }
        if (kept == 0) {
            p.active.remove(change);
        } else if (kept != crossed) {
            p.active.put(change, event(p, t, change, kept));
        }
        return kept;
    }

    private static int below(List<Integer> thresholds, int th) {
        int lower = 0;
        for (int x : thresholds) {
            if (x < th) {
                lower = x;
            }
        }
        return lower;
    }

    private void raise(Pool p, Instant t, Change change, boolean condition, List<ThinPoolEvent> out) {
        if (condition && !p.active.containsKey(change)) {
            ThinPoolEvent e = event(p, t, change, 0);
            p.active.put(change, e);
            out.add(e);
        } else if (!condition) {
            p.active.remove(change);
        }
    }

    private ThinPoolEvent event(Pool p, Instant t, Change change, int threshold) {
        ThinPoolStatus s = p.last;
        Duration fullIn = switch (change) {
            case METADATA_THRESHOLD -> p.metadataRate.until(s.usedMetadataBlocks(), s.totalMetadataBlocks()).orElse(null);
            case DATA_THRESHOLD, LOW_WATER_MARK, STATUS -> s.hasCounters()
                    ? p.dataRate.until(s.usedDataBlocks(), s.totalDataBlocks()).orElse(null) : null;
            case OUT_OF_DATA_SPACE, READ_ONLY, FAILED, NEEDS_CHECK, RESOLVED -> null;
        };
        return new ThinPoolEvent(t, change, null, p.name, p.lvmName, s.dataPercent(), s.metadataPercent(),
                threshold, fullIn, s.mode().word());
    }

    /** A pool disappeared (removed or renamed): resolves its alerts and forgets it. */
    public List<ThinPoolEvent> removed(String pool, Instant time) {
        Pool p = pools.remove(pool);
        if (p == null || p.active.isEmpty() || p.last == null) {
            return List.of();
        }
        return List.of(new ThinPoolEvent(time, Change.RESOLVED, null, p.name, p.lvmName, Double.NaN, Double.NaN, 0, null, "removed"));
    }

    /** For a subscriber that connects late: each pool's status, then the alerts in force. */
    public List<ThinPoolEvent> current(Instant now) {
        List<ThinPoolEvent> out = new ArrayList<>();
        for (Pool p : pools.values()) {
            if (p.last != null) {
                out.add(event(p, now, Change.STATUS, 0));
                out.addAll(p.active.values());
            }
        }
        return out;
    }

    /** Pools seen so far, by dm name. */
    public List<String> pools() {
        return List.copyOf(pools.keySet());
    }
}
