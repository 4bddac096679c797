package org.watchtray.app.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.core.event.Event;

/**
 * The table's list when the tail below the rows in memory moves up (a flood trims rows once a
 * second), over a real history: the table is told an addition and a removal, never a step that
 * replaces rows (the table's skin rebuilds every visible row for that), and the row count does
 * not drop to the first page's while the new tail is counted. The background and the FX
 * thread are queues the test runs, so each step is seen on its own.
 */
class TimelineListTest {
    private static final Instant T0 = Instant.parse("2026-12-04T20:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aTailMovingUpNeverReplacesRowsNorShrinksWhileCounted() {
        try (SqliteHistoryStore store = SqliteHistoryStore.open(dir.resolve("history.db"), Clock.systemUTC(), e -> { })) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                events.add(SampleEvents.usbError(T0.plusMillis(i), i, 1000));
            }
            store.append(events);
            ArrayDeque<Runnable> fx = new ArrayDeque<>();
            TimelineList list = new TimelineList(FXCollections.observableArrayList(), StorePages.of(store), Runnable::run, fx::add);
            list.resetTail(RowFilter.ALL, T0.plusMillis(500));
            drain(fx);
            assertEquals(500, list.size(), "the tail below the first boundary, counted");

            List<Integer> sizes = new ArrayList<>();
            List<Boolean> replaced = new ArrayList<>();
            list.addListener((ListChangeListener<TimelineRow>) c -> {
                while (c.next()) {
                    replaced.add(c.wasReplaced());
                }
                sizes.add(list.size());
            });
            // The boundary moves up by 300 rows: the first page is read (here at once), the move
            // applied on the FX queue, then the count runs and its result comes back there.
            list.resetTailInBackground(RowFilter.ALL, T0.plusMillis(800), Runnable::run);
            drain(fx);
            assertEquals(List.of(500, 800), sizes, "the old size until the count arrives, then the count");
            assertFalse(replaced.contains(true), "steps " + replaced);
            assertEquals(events.get(799).subject(), list.get(0).event().subject());
            assertEquals(events.get(300).subject(), list.get(499).event().subject(), "a row past the first page, before the count");
            assertEquals(events.get(0).subject(), list.get(799).event().subject());

            // Another filter is another tail: its first page's size until its count.
            sizes.clear();
            list.resetTail(RowFilter.ALL.withText("no such text"), T0.plusMillis(800));
            drain(fx);
            assertEquals(List.of(0), sizes);
            assertFalse(replaced.contains(true), "steps " + replaced);
        }
    }

    private static void drain(ArrayDeque<Runnable> queue) {
        for (Runnable r = queue.poll(); r != null; r = queue.poll()) {
            r.run();
        }
    }
}
