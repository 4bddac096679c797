package org.watchtray.core.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.settings.Settings;

/** The mount source's decisions, fed readings as the readers produce them. */
class MountTrackerTest {
    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");
    private static final MountEntry ROOT = entry(1, "/", "ext4");
    private static final Settings.Mounts RULES = new Settings.Mounts(List.of("/proc/**"), List.of("proc"), 3, Duration.ofSeconds(1));

    private final MountTracker tracker = new MountTracker(RULES);

    @Test
    void theTableAtStartIsNoNewsAndAPatchedReadingReportsOnlyWhatChanged() {
        assertEquals(List.of(), tracker.baseline(reading(MountTable.of(List.of(ROOT))), T));
        MountEntry usb = entry(7, "/media/usb", "vfat");
        List<Event> events = tracker.apply(patched(usb), T);
        assertEquals(List.of("mounts.mounted /media/usb"), names(events));
        assertEquals(usb, tracker.table().get(usb.key()));
        assertEquals(List.of(), tracker.apply(new MountTableReader.Reading(tracker.table(), List.of(), true, Set.of()), T),
                "the same table: nothing to compare");
    }

    @Test
    void noiseIsNotReportedAndIsNotWatched() {
        tracker.baseline(reading(MountTable.of(List.of(ROOT))), T);
        MountEntry proc = entry(8, "/proc/sys/fs/binfmt_misc", "binfmt_misc");
        assertEquals(List.of(), tracker.apply(patched(proc), T));
        assertEquals(false, tracker.isWatched(proc));
        assertEquals(true, tracker.isWatched(ROOT));
    }

    @Test
    void aBurstIsHeldUntilItsDeadlineAndNewRulesFlushWhatWasHeld() {
        tracker.baseline(reading(MountTable.of(List.of(ROOT))), T);
        int shown = 0;
        for (int i = 10; i < 16; i++) {
            shown += tracker.apply(patched(entry(i, "/run/ctr/m" + i, "tmpfs")), T.plusMillis(i)).size();
        }
        assertEquals(3, shown, "the burst limit");
        assertEquals(Optional.of(T.plusMillis(15).plusSeconds(1)), tracker.deadline());
        List<MountEvent> flushed = tracker.reconfigure(Settings.Mounts.DEFAULT, T.plusMillis(20));
        assertEquals(List.of("mounts.burst /run/ctr"), names(flushed));
        assertEquals(Optional.empty(), tracker.deadline());
    }

    @Test
    void aLineThatDoesNotParseIsReportedOnceWhileItLasts() {
        MountinfoParser.Problem bad = new MountinfoParser.Problem(2, 40, OptionalInt.of(28), "no super options", "28 27 0:40 / /x rw - tmpfs");
        MountTable t = MountTable.of(List.of(ROOT));
        List<Event> first = tracker.baseline(new MountTableReader.Reading(t, List.of(bad)), T);
        assertEquals(1, first.size());
        assertEquals("mountinfo line 2: no super options", ((DecodeProblem) first.getFirst()).problem());
        assertEquals(List.of(), tracker.apply(new MountTableReader.Reading(t, List.of(bad)), T), "still there: said already");
        assertEquals(List.of(), tracker.apply(new MountTableReader.Reading(t, List.of()), T));
        assertEquals(1, tracker.apply(new MountTableReader.Reading(t, List.of(bad)), T).size(), "back again: said again");
    }

    private MountTableReader.Reading patched(MountEntry now) {
        Map<Long, MountEntry> change = new HashMap<>();
        change.put(now.key(), now);
        return new MountTableReader.Reading(tracker.table().patched(change), List.of(), false, change.keySet());
    }

    private static MountTableReader.Reading reading(MountTable t) {
        return new MountTableReader.Reading(t, List.of());
    }

    private static List<String> names(List<? extends Event> events) {
        return events.stream().map(e -> e.name() + " " + ((MountEvent) e).mountPoint()).toList();
    }

    private static MountEntry entry(long id, String mountPoint, String fsType) {
        return new MountEntry(0x80000000L + id, (int) id, 1, 0, (int) id, "/", mountPoint, "rw,relatime", List.of(), fsType, "src", "rw");
    }
}
