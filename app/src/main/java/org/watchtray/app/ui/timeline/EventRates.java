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
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(7));
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
        Instant oldest = oldest();
        return table(Layout.of(oldest == null ? now : oldest, now), Map.of(), Long.MIN_VALUE);
    }

    /** When the oldest remembered event happened; null when none is. */
    Instant oldest() {
        if (size == 0) {
            return null;
        }
        long start = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            start = Math.min(start, millis[i]);
        }
        return Instant.ofEpochMilli(start);
    }

    /**
     * {@code base} (counts per source, one per bucket of {@code layout}, left unchanged) plus the
     * remembered events from {@code sinceMillis} on that fall into {@code layout}'s buckets.
     */
    RateTable table(Layout layout, Map<SourceId, int[]> base, long sinceMillis) {
        int buckets = layout.buckets();
        long w = layout.width().toMillis();
        Map<SourceId, int[]> counts = new EnumMap<>(SourceId.class);
        base.forEach((source, c) -> counts.put(source, c.clone()));
        for (int i = 0; i < size; i++) {
            long b = Math.floorDiv(millis[i] - layout.origin(), w);
            if (millis[i] >= sinceMillis && b >= 0 && b < buckets) {
                counts.computeIfAbsent(SourceId.values()[sources[i]], s -> new int[buckets])[(int) b]++;
            }
        }
        List<Instant> starts = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            starts.add(Instant.ofEpochMilli(layout.origin() + b * w));
        }
        return new RateTable(layout.width(), starts, counts);
    }

    /**
     * The buckets a span is drawn in: the finest width that gives at most 60, the last bucket
     * holding {@code end}; the same for the counts kept in memory and those counted in the history.
     */
    record Layout(Duration width, long origin, int buckets) {
        static Layout of(Instant from, Instant to) {
            long end = to.toEpochMilli();
            long start = Math.min(from.toEpochMilli(), end);
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
            return new Layout(width, origin, buckets);
        }

        Instant start() {
            return Instant.ofEpochMilli(origin);
        }

        /** Where the last bucket ends. */
        Instant end() {
            return Instant.ofEpochMilli(origin + buckets * width.toMillis());
        }
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
