package org.watchtray.app.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.app.testing.Events;
import org.watchtray.core.event.Event;
import org.watchtray.core.usb.UsbEvent;

/** The timeline's order and grouping rules, without JavaFX. */
class TimelineRowsTest {
    private static final Instant T = Instant.parse("2025-03-01T13:08:27Z");
    private final TimelineRows rows = new TimelineRows(Duration.ofMinutes(5));
    private long seq = 1;

    private TimelineRows.Step add(Event... events) {
        TimelineRows.Step step = rows.add(List.of(events), seq, Collections.nCopies(events.length, true), 0);
        seq += events.length;
        return step;
    }

    private static UsbEvent reset(String port, Instant t) {
        return new UsbEvent(t, UsbEvent.Change.RESET, port, "", "", 0, 1, 0);
    }

    /** Each row as "HH:mm:ss object ×n", newest first. */
    private List<String> shown() {
        return rows.newestFirst().stream().map(r -> r.last().toString().substring(11, 19) + " " + r.event().subject()
                + (r.count() > 1 ? " \u00d7" + r.count() : "")).toList();
    }

    @Test
    void rowsAreInTheOrderTheirEventsHappenedNotTheOrderTheyArrived() {
        add(reset("1-1", T.plusSeconds(2)));
        add(reset("1-2", T), reset("1-3", T.plusSeconds(1)));
        assertEquals(List.of("13:08:29 1-1", "13:08:28 1-3", "13:08:27 1-2"), shown());
    }

    @Test
    void eventsOfTheSameInstantKeepTheOrderTheyArrivedIn() {
        add(reset("1-1", T), reset("1-2", T));
        add(reset("1-3", T));
        assertEquals(List.of("13:08:27 1-3", "13:08:27 1-2", "13:08:27 1-1"), shown(), "the later arrival above, every time");
    }

    @Test
    void repeatsWithNothingBetweenThemFoldIntoOneRow() {
        add(Events.remountedReadOnly("/data", T));
        TimelineRows.Step step = add(Events.remountedReadOnly("/data", T.plusSeconds(60)));
        assertEquals(List.of("13:09:27 /data \u00d72"), shown());
        assertEquals(1, step.removed().size());
        TimelineRow group = rows.newestFirst().getFirst();
        assertSame(group, step.successor(step.removed().iterator().next()), "the folded row is followed to its group");
        assertEquals(T, group.first());
    }

    @Test
    void groupingNeverTakesAnEventFromItsPlaceInTime() {
        // Read-only, writable again, read-only again: three rows, in that order, not "read-only ×2" above "writable".
        add(Events.remountedReadOnly("/data", T));
        add(Events.remountedReadWrite("/data", T.plusSeconds(60)));
        add(Events.remountedReadOnly("/data", T.plusSeconds(120)));
        assertEquals(List.of("13:10:27 /data", "13:09:27 /data", "13:08:27 /data"), shown());
        assertEquals(List.of("mounts.remounted_ro", "mounts.remounted_rw", "mounts.remounted_ro"),
                rows.newestFirst().stream().map(r -> r.event().name()).toList());

        // Any other row in between breaks a group too: each event stays where it happened.
        add(reset("1-1", T.plusSeconds(200)), reset("2-1", T.plusSeconds(210)), reset("1-1", T.plusSeconds(220)));
        assertEquals(List.of("13:12:07 1-1", "13:11:57 2-1", "13:11:47 1-1"), shown().subList(0, 3));
    }

    @Test
    void aLateRepeatRightNextToItsGroupJoinsItAtItsPlace() {
        add(reset("1-1", T.plusSeconds(10)), reset("1-1", T.plusSeconds(20)));
        TimelineRows.Step late = add(reset("1-1", T));
        assertEquals(List.of("13:08:47 1-1 \u00d73"), shown());
        assertEquals(T, rows.newestFirst().getFirst().first(), "the group now starts at the late event");
        assertEquals(T.plusSeconds(20), rows.newestFirst().getFirst().last(), "and still ends at its latest");
        assertTrue(late.onTop(), "the group is still the newest row");
    }

    @Test
    void onTopTellsWhenNewRowsWentBelowOlderOnes() {
        assertTrue(add(reset("1-1", T)).onTop());
        assertTrue(add(reset("1-2", T.plusSeconds(5))).onTop());
        assertFalse(add(reset("1-3", T.plusSeconds(1))).onTop(), "a late event goes below a newer row");
    }

    @Test
    void trimmingDropsTheOldestRows() {
        add(reset("1-1", T.plusSeconds(3)), reset("1-2", T), reset("1-3", T.plusSeconds(1)));
        List<TimelineRow> gone = rows.trimTo(1);
        assertEquals(List.of("1-2", "1-3"), gone.stream().map(r -> r.event().subject()).toList());
        assertEquals(List.of("13:08:30 1-1"), shown());
        // A repeat of a trimmed row starts a new one.
        add(reset("1-2", T.plusSeconds(4)));
        assertEquals(List.of("13:08:31 1-2", "13:08:30 1-1"), shown());
    }
}
