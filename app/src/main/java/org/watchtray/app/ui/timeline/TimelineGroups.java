package org.watchtray.app.ui.timeline;

import org.watchtray.core.settings.Grouping;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.watchtray.app.history.SqliteHistoryStore;

/**
 * The grouped timeline's rows, counted by SQLite a span of days at a time, newest first: the
 * newest {@link #FIRST_DAYS} days first (the first screen costs the same whatever the history's
 * size), then {@link #SPAN_DAYS} days at a time until the oldest event. Spans stay short so a
 * new grouping or filter, which starts over (rows of an older request are dropped), waits for
 * at most one span of the old one.
 */
final class TimelineGroups {
    static final int FIRST_DAYS = 8;
    static final int SPAN_DAYS = 32;

    private final HistoryPages pages;
    private final Executor background;
    private final Executor fx;
    private final Clock clock;
    private final ObservableList<GroupRow> rows = FXCollections.observableArrayList();
    private final ObservableList<GroupRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final AtomicLong generation = new AtomicLong();

    TimelineGroups(HistoryPages pages, Executor background, Executor fx, Clock clock) {
        this.pages = pages;
        this.background = background;
        this.fx = fx;
        this.clock = clock;
    }

    ObservableList<GroupRow> rows() {
        return rowsView;
    }

    /** Starts counting {@code grouping} of what passes {@code filter} (nothing for {@link Grouping#NONE}). */
    void show(Grouping grouping, RowFilter filter) {
        long gen = generation.incrementAndGet();
        rows.clear();
        if (grouping == Grouping.NONE) {
            return;
        }
        ZoneId zone = clock.getZone();
        LocalDate today = LocalDate.now(clock);
        background.execute(() -> {
            try {
                count(gen, grouping, filter, zone, today);
            } catch (RuntimeException e) {
                // The history went away (closed, unreadable): the rows counted so far stay.
            }
        });
    }

    private static SqliteHistoryStore.GroupBy by(Grouping g) {
        return switch (g) {
            case DAY -> SqliteHistoryStore.GroupBy.DAY;
            case SOURCE -> SqliteHistoryStore.GroupBy.SOURCE;
            case SUBJECT, NONE -> SqliteHistoryStore.GroupBy.SUBJECT;   // NONE never counts (see show)
        };
    }

    private void count(long gen, Grouping grouping, RowFilter filter, ZoneId zone, LocalDate today) {
        Instant oldest = null;
        Instant end = null;   // the newest span has no end: events from a clock ahead of ours are counted too
        LocalDate first = today.minusDays(FIRST_DAYS - 1);
        while (gen == generation.get()) {
            Instant start = first.atStartOfDay(zone).toInstant();
            Instant from = filter.since() != null && filter.since().isAfter(start) ? filter.since() : start;
            List<SqliteHistoryStore.Group> found = pages.groups(filter, by(grouping), from, end,
                    zone.getRules().getOffset(start).getTotalSeconds());
            List<GroupRow> shown = found.stream().map(g -> new GroupRow(LocalDate.ofEpochDay(g.day()), g.key(), g.count(), g.newest(),
                    g.worst())).toList();
            fx.execute(() -> {
                if (gen == generation.get()) {
                    rows.addAll(shown);
                }
            });
            if (oldest == null) {
                oldest = pages.oldest();
            }
            if (oldest == null || !start.isAfter(oldest) || (filter.since() != null && !start.isAfter(filter.since()))) {
                return;
            }
            end = start;
            first = first.minusDays(SPAN_DAYS);
        }
    }
}
