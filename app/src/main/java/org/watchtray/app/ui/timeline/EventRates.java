package org.watchtray.app.ui.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.watchtray.core.event.SourceId;

/**
 * Remembers when the last {@code capacity} events came and from which source (two primitive
 * rings, so 200,000 events cost ~2 MB), and turns them into per-source counts per time bucket.
 */
final class EventRates {
    private static final List<Duration> WIDTHS = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1));
    private static final int MAX_BUCKETS = 60;

    private final long[] millis;
    private final byte[] sources;
    private int next;
    private int size;

    EventRates(int capacity) {
        millis = new long[capacity];
        sources = new byte[capacity];
    }

    void add(Instant time, SourceId source) {
        millis[next] = time.toEpochMilli();
        sources[next] = (byte) source.ordinal();
        next = (next + 1) % millis.length;
        size = Math.min(size + 1, millis.length);
    }

    /** Counts per source per bucket, from the oldest remembered event to {@code now}. */
    RateTable table(Instant now) {
        long end = now.toEpochMilli();
        long start = end;
        for (int i = 0; i < size; i++) {
            start = Math.min(start, millis[i]);
        }
        long span = Math.max(1, end - start);
        Duration width = WIDTHS.getLast();
        for (Duration w : WIDTHS) {
            if (span / w.toMillis() < MAX_BUCKETS) {
                width = w;
                break;
            }
        }
        long w = width.toMillis();
        long first = Math.floorDiv(start, w) * w;
        int buckets = (int) Math.min(MAX_BUCKETS, Math.floorDiv(end - first, w) + 1);
        long origin = Math.floorDiv(end, w) * w - (buckets - 1) * w;
        Map<SourceId, int[]> counts = new EnumMap<>(SourceId.class);
        for (int i = 0; i < size; i++) {
            long b = Math.floorDiv(millis[i] - origin, w);
            if (b >= 0 && b < buckets) {
                counts.computeIfAbsent(SourceId.values()[sources[i]], s -> new int[buckets])[(int) b]++;
            }
        }
        List<Instant> starts = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            starts.add(Instant.ofEpochMilli(origin + b * w));
        }
        return new RateTable(width, starts, counts);
    }

    /** Events per bucket and source; sources without events in range are absent. */
    record RateTable(Duration width, List<Instant> bucketStarts, Map<SourceId, int[]> counts) {
        static final RateTable EMPTY = new RateTable(Duration.ofMinutes(1), List.of(), Map.of());

        int total(SourceId s) {
            int[] c = counts.get(s);
            return c == null ? 0 : java.util.Arrays.stream(c).sum();
        }
    }
}
