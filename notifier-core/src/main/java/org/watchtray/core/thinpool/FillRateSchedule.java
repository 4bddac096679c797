package org.watchtray.core.thinpool;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.watchtray.core.thinpool.ThinPoolStatus.Mode;

/**
 * Reads a filling pool as often as it can grow by {@code step} percentage points (of data or
 * of metadata, whichever fills faster) at its observed rate, within [{@code min}, {@code max}]:
 * any threshold any user may have set is then seen at most about one step late, whatever the
 * thresholds are. An idle pool is read every {@code max}; a pool whose rate is not known yet
 * every minute; a pool that is not writable every {@code max} (its mode changes raise kernel
 * events).
 */
public final class FillRateSchedule implements ReadingSchedule {
    static final Duration RATE_UNKNOWN_INTERVAL = Duration.ofSeconds(60);
    private static final Duration RATE_WINDOW = Duration.ofMinutes(30);

    private final Duration min;
    private final Duration max;
    private final double step;
    private final Map<String, Pool> pools = new LinkedHashMap<>();

    private static final class Pool {
        final FillRate data = new FillRate(RATE_WINDOW);
        final FillRate metadata = new FillRate(RATE_WINDOW);
        ThinPoolStatus last;
    }

    /**
     * @param min  shortest time between readings of a filling pool
     * @param max  longest time between readings of an idle pool
     * @param step percentage points a pool may fill between two readings
     */
    public FillRateSchedule(Duration min, Duration max, double step) {
        this.min = min;
        this.max = max.compareTo(min) < 0 ? min : max;
        this.step = step;
    }

    @Override
    public void observed(ThinPoolReading.Status reading, ThinPoolStatus status) {
        if (status.mode() == Mode.ERROR) {
            return;
        }
        Pool p = pools.computeIfAbsent(reading.pool(), name -> new Pool());
        p.last = status;
        if (status.hasCounters()) {
            p.data.add(reading.time(), status.usedDataBlocks());
            p.metadata.add(reading.time(), status.usedMetadataBlocks());
        }
    }

    @Override
    public void forget(String pool) {
        pools.remove(pool);
    }

    @Override
    public Optional<Duration> next() {
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
            return max;
        }
        Duration data = p.data.until(s.usedDataBlocks(), s.usedDataBlocks() + blocks(s.totalDataBlocks())).orElse(null);
        Duration metadata = p.metadata.until(s.usedMetadataBlocks(), s.usedMetadataBlocks() + blocks(s.totalMetadataBlocks())).orElse(null);
        Duration eta = data == null ? metadata : metadata == null || data.compareTo(metadata) <= 0 ? data : metadata;
        if (eta == null) {
            return clamp(p.data.perSecond().isPresent() ? max : RATE_UNKNOWN_INTERVAL);
        }
        return clamp(eta);
    }

    /** {@code step} percent of {@code total}, at least one block. */
    private long blocks(long total) {
        return Math.max(1, (long) Math.ceil(total * step / 100.0));
    }

    private Duration clamp(Duration d) {
        if (d.compareTo(min) < 0) {
            return min;
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
