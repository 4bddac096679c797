package org.watchtray.core.thinpool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Settings;

/** Readings as the agent serves them (lines the lab kernel printed), decided with one user's thresholds. */
class ThinPoolDecisionsTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final String LVM_UUID = "LVM-" + "a".repeat(32) + "b".repeat(32) + "-tpool";
    private static final String TABLE = "7:0 7:1 128 768 1 error_if_no_space";   // low-water mark: 768 free blocks

    private final ThinPoolDecisions decisions = new ThinPoolDecisions(Settings.ThinPool.DEFAULT);

    private static ThinPoolReading.Status reading(long seconds, String pool, int usedOf1024) {
        return new ThinPoolReading.Status(T0.plusSeconds(seconds), pool, LVM_UUID, TABLE,
                "0 214/2048 " + usedOf1024 + "/1024 - rw discard_passdown error_if_no_space - 512 ");
    }

    private static List<String> names(List<Event> events) {
        return events.stream().map(e -> e instanceof ThinPoolEvent t ? t.change() + " " + t.lvmName() + (t.threshold() > 0 ? " " + t.threshold() : "")
                : e.name()).toList();
    }

    @Test
    void aReadingIsParsedNamedAndJudged() {
        assertEquals(List.of("STATUS vg0/pool"), names(decisions.accept(reading(0, "vg0-pool-tpool", 100))));
        assertEquals(List.of("DATA_THRESHOLD vg0/pool 80", "LOW_WATER_MARK vg0/pool"), names(decisions.accept(reading(10, "vg0-pool-tpool", 820))));
        assertEquals(List.of("RESOLVED vg0/pool"), names(decisions.accept(new ThinPoolReading.Gone(T0.plusSeconds(20), "vg0-pool-tpool"))));
    }

    @Test
    void aLineThatDoesNotParseIsReportedAndABadTableOnlyOnce() {
        ThinPoolReading.Status bad = new ThinPoolReading.Status(T0, "p", "", "7:0 7:1 oops", "0 214/2048 2000/1024 - rw");
        List<Event> first = decisions.accept(bad);
        assertEquals(List.of("meta.malformed", "meta.malformed"), names(first));
        DecodeProblem status = (DecodeProblem) first.get(1);
        assertEquals(SourceId.THINPOOL, status.affected());
        assertEquals("0 214/2048 2000/1024 - rw", new String(status.raw().value()));
        assertEquals(List.of("meta.malformed"), names(decisions.accept(bad)), "the same bad table is not reported at every reading");
    }

    @Test
    void aSnapshotTellsWhichPoolsAreGone() {
        decisions.accept(reading(0, "a", 900));
        decisions.accept(reading(0, "b", 100));
        decisions.snapshotBegins();
        assertEquals(List.of(), decisions.accept(reading(5, "b", 100)));
        assertEquals(List.of("RESOLVED "), names(decisions.snapshotEnds(T0.plusSeconds(6))), "a (with an alert in force) is gone; b is still there");
        assertEquals(List.of(), decisions.snapshotEnds(T0.plusSeconds(7)), "no snapshot under way: nothing to conclude");
    }

    @Test
    void newThresholdsApplyToThePoolsAlreadyRead() {
        decisions.accept(reading(0, "vg0-pool-tpool", 768));                              // 75 %
        assertEquals(List.of("DATA_THRESHOLD vg0/pool 70"),
                names(decisions.reconfigure(new Settings.ThinPool(List.of(70), List.of(80)), T0.plusSeconds(1))));
    }
}
