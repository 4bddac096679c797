package org.watchtray.app.ui.timeline;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.watchtray.core.thinpool.ThinPoolEvent;

/** Data and metadata usage over time for each thin pool, from its events; bounded per pool. */
final class PoolUsage {
    /** One reading; a percentage is NaN when the event did not carry it. */
    record Sample(Instant time, double dataPercent, double metadataPercent) {
    }

    private final int perPool;
    private final Map<String, ArrayDeque<Sample>> pools = new LinkedHashMap<>();

    PoolUsage(int perPool) {
        this.perPool = perPool;
    }

    void add(ThinPoolEvent e) {
        if (Double.isNaN(e.dataPercent()) && Double.isNaN(e.metadataPercent())) {
            return;
        }
        String name = e.lvmName() == null || e.lvmName().isEmpty() ? e.pool() : e.lvmName();
        ArrayDeque<Sample> q = pools.computeIfAbsent(name, k -> new ArrayDeque<>());
        if (q.size() == perPool) {
            q.removeFirst();
        }
        q.addLast(new Sample(e.time(), e.dataPercent(), e.metadataPercent()));
    }

    /** Each pool's samples in time order. */
    Map<String, List<Sample>> snapshot() {
        Map<String, List<Sample>> out = new LinkedHashMap<>();
        pools.forEach((k, v) -> out.put(k, v.stream().sorted(java.util.Comparator.comparing(Sample::time)).toList()));
        return out;
    }
}
