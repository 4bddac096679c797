package org.watchtray.core.thinpool;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.thinpool.ThinPoolEvent.Change;
import org.watchtray.core.thinpool.ThinPoolStatus;
import org.watchtray.core.thinpool.ThinPoolStatus.Mode;
import org.watchtray.core.settings.Settings;

/**
 * Turns thin-pool status readings into semantic events: thresholds crossed (data and metadata
 * separately), the low-water mark, mode changes (out of data space, read-only, failed),
 * needs_check, and RESOLVED once nothing is wrong any more so the toast can be withdrawn.
 * Each alert is raised once; a threshold re-arms only after usage falls {@value #HYSTERESIS}
 * points below it, so a pool hovering at 80 % does not flap.
 *
 * <p>The kernel raises events only for the low-water mark and mode changes, so threshold
 * crossings need readings in between: {@link #nextReading} says when, from the fill rate
 * (half the estimated time to the next threshold, within [min, max]), so an idle pool costs
 * a wake-up every few minutes and a filling one is read often.
 */
public final class ThinPoolMonitor {
    static final double HYSTERESIS = 2.0;
    private static final Duration RATE_WINDOW = Duration.ofMinutes(30);
    private static final Duration RATE_UNKNOWN_INTERVAL = Duration.ofSeconds(60);

    private final List<Integer> dataThresholds;
    private final List<Integer> metadataThresholds;
    private final Duration minInterval;
    private final Duration maxInterval;
    private final Map<String, Pool> pools = new LinkedHashMap<>();

    /**
     * @param minInterval shortest time between readings of a filling pool
     * @param maxInterval longest time between readings of an idle pool
     */
    public ThinPoolMonitor(Settings.ThinPool settings, Duration minInterval, Duration maxInterval) {
        this.dataThresholds = settings.dataThresholds();
        this.metadataThresholds = settings.metadataThresholds();
        this.minInterval = minInterval;
        this.maxInterval = maxInterval.compareTo(minInterval) < 0 ? minInterval : maxInterval;
    }

    private static final class Pool {
        final String name;
        String lvmName;
        ThinPoolStatus last;
        long lowWater;
        int dataCrossed;
        int metadataCrossed;
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
        boolean hadAlert = !p.active.isEmpty();
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
            p.dataCrossed = crossing(p, t, Change.DATA_THRESHOLD, s.dataPercent(), dataThresholds, p.dataCrossed, out);
            p.metadataCrossed = crossing(p, t, Change.METADATA_THRESHOLD, s.metadataPercent(), metadataThresholds, p.metadataCrossed, out);
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
        return out;
    }

    /** Records the highest threshold now crossed; emits when it is higher than before. */
    private int crossing(Pool p, Instant t, Change change, double percent, List<Integer> thresholds, int crossed, List<ThinPoolEvent> out) {
        int now = 0;
        for (int th : thresholds) {
            if (percent >= th) {
                now = th;
            }
        }
        if (now > crossed) {
            ThinPoolEvent e = event(p, t, change, now);
            p.active.put(change, e);
            out.add(e);
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

    /** When the next reading is worth taking; empty when there is no pool to watch. */
    public Optional<Duration> nextReading() {
        Duration best = null;
        for (Pool p : pools.values()) {
            Duration d = intervalFor(p);
            best = best == null || d.compareTo(best) < 0 ? d : best;
        }
        return Optional.ofNullable(best);
    }

    private Duration intervalFor(Pool p) {
        ThinPoolStatus s = p.last;
        if (s == null || !s.hasCounters() || s.mode() != Mode.WRITE) {
            return maxInterval; // a mode change raises a kernel event; slow readings catch recovery
        }
        Optional<Duration> data = p.dataRate.until(s.usedDataBlocks(), target(s.totalDataBlocks(), s.dataPercent(), dataThresholds));
        Optional<Duration> meta = p.metadataRate.until(s.usedMetadataBlocks(), target(s.totalMetadataBlocks(), s.metadataPercent(), metadataThresholds));
        Duration eta = min(data.orElse(null), meta.orElse(null));
        if (eta == null) {
            boolean rateKnown = p.dataRate.perSecond().isPresent();
            return clamp(rateKnown ? maxInterval : RATE_UNKNOWN_INTERVAL);
        }
        return clamp(eta.dividedBy(2));
    }

    /** Blocks at the next threshold above {@code percent}, or the total when all are crossed. */
    private static long target(long total, double percent, List<Integer> thresholds) {
        for (int th : thresholds) {
            if (percent < th) {
                return (long) Math.ceil(total * th / 100.0);
            }
        }
        return total;
    }

    private static Duration min(Duration a, Duration b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) <= 0 ? a : b;
    }

    private Duration clamp(Duration d) {
        if (d.compareTo(minInterval) < 0) {
            return minInterval;
        }
        return d.compareTo(maxInterval) > 0 ? maxInterval : d;
    }
}
