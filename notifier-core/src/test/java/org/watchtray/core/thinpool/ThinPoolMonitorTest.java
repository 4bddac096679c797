package org.watchtray.core.thinpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Severity;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.thinpool.ThinPoolEvent.Change;
import org.watchtray.core.thinpool.ThinPoolStatus;
import org.watchtray.core.thinpool.ThinPoolStatus.Mode;
import org.watchtray.core.settings.Settings;

class ThinPoolMonitorTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final long DATA = 1000;
    private static final long META = 2000;

    private final ThinPoolMonitor monitor = new ThinPoolMonitor(Settings.ThinPool.DEFAULT);

    private static ThinPoolStatus status(Mode mode, long usedData, long usedMeta, boolean needsCheck) {
        return new ThinPoolStatus(mode, 0, usedMeta, META, usedData, DATA, "-", "discard_passdown", true, needsCheck, OptionalLong.of(512));
    }

    private List<ThinPoolEvent> at(long seconds, long usedData) {
        return at(seconds, status(Mode.WRITE, usedData, 200, false));
    }

    private List<ThinPoolEvent> at(long seconds, ThinPoolStatus s) {
        return monitor.observe(new ThinPoolSample(T0.plusSeconds(seconds), "vg0-pool-tpool", "vg0/pool", s, 0));
    }

    private static List<Change> changes(List<ThinPoolEvent> events) {
        return events.stream().map(ThinPoolEvent::change).toList();
    }

    @Test
    void firstReadingIsAStatusLine() {
        List<ThinPoolEvent> e = at(0, 310);
        assertEquals(List.of(Change.STATUS), changes(e));
        assertEquals("Thin pool \u201cvg0/pool\u201d data 31.0%, metadata 10.0%", EnglishSummary.of(e.get(0)));
        assertEquals("vg0-pool-tpool", e.get(0).subject());
    }

    @Test
    void eachThresholdIsRaisedOnce() {
        at(0, 500);
        List<ThinPoolEvent> e80 = at(10, 830);                 // 50 % -> 83 %: 80
        assertEquals(List.of(Change.DATA_THRESHOLD), changes(e80));
        assertEquals(80, e80.get(0).threshold());
        assertEquals(Severity.WARNING, e80.get(0).severity());
        assertEquals(List.of(), at(20, 840));                 // still in the 80 band
    }

    @Test
    void everyThresholdCrossedBetweenTwoReadingsIsAnnouncedLowestFirst() {
        at(0, 700);
        List<ThinPoolEvent> jump = at(10, 930);                // 70 % -> 93 % in one step
        assertEquals(List.of(80, 85, 90), jump.stream().map(ThinPoolEvent::threshold).toList());
        assertEquals(List.of(Change.DATA_THRESHOLD, Change.DATA_THRESHOLD, Change.DATA_THRESHOLD), changes(jump));
        for (ThinPoolEvent e : jump) {
            assertEquals(93.0, e.dataPercent(), 1e-9, "each says where the pool is now");
        }
        List<ThinPoolEvent> state = monitor.current(T0.plusSeconds(11));
        assertEquals(List.of(Change.STATUS, Change.DATA_THRESHOLD), changes(state), "a late subscriber gets the state, not the history");
        assertEquals(90, state.get(1).threshold());
        List<ThinPoolEvent> e95 = at(20, 960);
        assertEquals(List.of(95), e95.stream().map(ThinPoolEvent::threshold).toList(), "only what is new");
    }

    @Test
    void metadataThresholdsCrossedTogetherComeInOrderToo() {
        at(0, status(Mode.WRITE, 100, 1500, false));          // metadata 75 %
        List<ThinPoolEvent> e = at(10, status(Mode.WRITE, 100, 1820, false)); // 91 %
        assertEquals(List.of(80, 85, 90), e.stream().map(ThinPoolEvent::threshold).toList());
        assertTrue(e.stream().allMatch(x -> x.change() == Change.METADATA_THRESHOLD), e.toString());
    }

    @Test
    void aFirstReadingPastSeveralThresholdsStatesOnlyTheHighest() {
        List<ThinPoolEvent> e = at(0, 960);                    // the pool was at 96 % before anyone looked
        assertEquals(List.of(Change.STATUS, Change.DATA_THRESHOLD), changes(e));
        assertEquals(95, e.get(1).threshold());
    }

    @Test
    void droppingBackResolvesWithHysteresis() {
        at(0, 500);
        at(10, 820);
        assertEquals(List.of(), at(20, 790));                  // 79 %: within 2 points of 80, still raised
        List<ThinPoolEvent> resolved = at(30, 700);
        assertEquals(List.of(Change.RESOLVED), changes(resolved));
        assertEquals(Severity.INFO, resolved.get(0).severity());
        assertEquals(List.of(Change.DATA_THRESHOLD), changes(at(40, 810))); // re-armed
    }

    @Test
    void fallingFromTheTopBandReArmsTheThresholdsPassed() {
        at(0, 960);                                            // STATUS + 95
        assertEquals(List.of(), at(10, 870));                  // 87 %: now in the 85 band, nothing new to say
        assertEquals(List.of(Change.DATA_THRESHOLD), changes(at(20, 910))); // 90 re-armed and crossed again
    }

    @Test
    void metadataThresholdsAreSeparate() {
        ThinPoolMonitor m = new ThinPoolMonitor(new Settings.ThinPool(List.of(90), List.of(50, 75)));
        m.observe(new ThinPoolSample(T0, "p", "", status(Mode.WRITE, 100, 100, false), 0));
        List<ThinPoolEvent> e = m.observe(new ThinPoolSample(T0.plusSeconds(5), "p", "", status(Mode.WRITE, 100, 1100, false), 0));
        assertEquals(List.of(Change.METADATA_THRESHOLD), changes(e));
        assertEquals(50, e.get(0).threshold());
        assertEquals("Thin pool \u201cp\u201d metadata is 55.0% full", EnglishSummary.of(e.get(0)).replaceAll(", full in.*", ""));
    }

    @Test
    void lowWaterMarkIsRaisedOnceUntilSpaceComesBack() {
        ThinPoolMonitor m = monitor;
        m.observe(new ThinPoolSample(T0, "pool", "", status(Mode.WRITE, 0, 200, false), 768));
        List<ThinPoolEvent> e = m.observe(new ThinPoolSample(T0.plusSeconds(1), "pool", "", status(Mode.WRITE, 240, 200, false), 768));
        assertEquals(List.of(Change.LOW_WATER_MARK), changes(e)); // 760 free ≤ 768
        assertEquals(List.of(), m.observe(new ThinPoolSample(T0.plusSeconds(2), "pool", "", status(Mode.WRITE, 250, 200, false), 768)));
        assertEquals(List.of(Change.RESOLVED), changes(m.observe(new ThinPoolSample(T0.plusSeconds(3), "pool", "", status(Mode.WRITE, 100, 200, false), 768))));
    }

    @Test
    void outOfDataSpaceComesAfterTheThresholdItImpliesAndRecoveryRestatesWhatRemains() {
        at(0, 500);
        List<ThinPoolEvent> full = at(10, status(Mode.OUT_OF_DATA_SPACE, 1000, 210, false));
        assertEquals(List.of(Change.DATA_THRESHOLD, Change.DATA_THRESHOLD, Change.DATA_THRESHOLD, Change.DATA_THRESHOLD,
                Change.OUT_OF_DATA_SPACE), changes(full)); // the thresholds passed on the way, lowest first; most severe last
        assertEquals(List.of(80, 85, 90, 95, 0), full.stream().map(ThinPoolEvent::threshold).toList());
        assertEquals(Severity.CRITICAL, full.get(4).severity());
        assertEquals("out_of_data_space", full.get(4).mode());
        assertEquals("Thin pool \u201cvg0/pool\u201d is out of data space: writes fail", EnglishSummary.of(full.get(4)));
        List<ThinPoolEvent> writable = at(20, status(Mode.WRITE, 970, 210, false)); // space added, still 97 %
        assertEquals(List.of(Change.DATA_THRESHOLD), changes(writable));
        assertEquals(95, writable.get(0).threshold());
        assertEquals(List.of(Change.RESOLVED), changes(at(30, 400)));
    }

    @Test
    void readOnlyFailAndNeedsCheck() {
        at(0, 100);
        assertEquals(List.of(Change.READ_ONLY, Change.NEEDS_CHECK), changes(at(1, status(Mode.READ_ONLY, 100, 200, true))));
        ThinPoolMonitor fresh = new ThinPoolMonitor(Settings.ThinPool.DEFAULT);
        assertEquals("Thin pool \u201cbroken\u201d is in Fail mode",
                EnglishSummary.of(fresh.observe(new ThinPoolSample(T0, "broken", "", ThinPoolStatus.modeOnly(Mode.FAIL), 0)).get(0)));
        List<ThinPoolEvent> fail = at(2, ThinPoolStatus.modeOnly(Mode.FAIL));
        assertEquals(List.of(Change.FAILED), changes(fail));
        assertTrue(Double.isNaN(fail.get(0).dataPercent()));
        assertEquals(List.of(), at(3, ThinPoolStatus.modeOnly(Mode.ERROR))); // a failed query says nothing
        assertEquals(List.of(Change.RESOLVED), changes(at(4, 100)));
    }

    @Test
    void estimatesTimeToFullFromRecentReadings() {
        at(0, 500);
        at(600, 600);                                           // 100 blocks per 10 min
        List<ThinPoolEvent> e = at(1200, 800);                  // slope over 3 readings: 150 blocks / 10 min
        ThinPoolEvent th = e.get(0);
        assertNotNull(th.fullIn());
        // 200 blocks left at 0.25 blocks/s = 800 s
        assertEquals(800, th.fullIn().toSeconds(), 5);
        assertTrue(EnglishSummary.of(th).endsWith(", full in about 13 min"), EnglishSummary.of(th));
    }

    @Test
    void noEstimateWhileUsageIsFlatOrFalling() {
        at(0, 850);
        List<ThinPoolEvent> e = at(600, 850);
        assertEquals(List.of(), e);
        ThinPoolEvent th = at(1200, 900).get(0);
        assertNotNull(th.fullIn());
        at(1300, 700);                                          // a big discard: the old trend is gone
        assertNull(monitor.current(T0.plusSeconds(1300)).get(0).fullIn());
    }

    @Test
    void aLowerThresholdBelowTheUsageIsAnnouncedAtOnce() {
        at(0, 750);                                             // 75 %: below every default threshold
        List<ThinPoolEvent> e = monitor.reconfigure(new Settings.ThinPool(List.of(70, 90), List.of(80)), T0.plusSeconds(5));
        assertEquals(List.of(Change.DATA_THRESHOLD), changes(e));
        assertEquals(70, e.get(0).threshold());
        assertEquals(T0.plusSeconds(5), e.get(0).time());
        assertEquals(List.of(), at(10, 760), "announced once");
        assertEquals(List.of(), monitor.reconfigure(new Settings.ThinPool(List.of(70, 90), List.of(80)), T0.plusSeconds(15)),
                "the same thresholds again change nothing");
    }

    @Test
    void newSettingsBelowTheUsageStateOnlyTheHighestOfThem() {
        at(0, 750);
        List<ThinPoolEvent> e = monitor.reconfigure(new Settings.ThinPool(List.of(50, 60, 70, 90), List.of(80)), T0.plusSeconds(5));
        assertEquals(List.of(70), e.stream().map(ThinPoolEvent::threshold).toList(), "what holds now, not three toasts at once");
    }

    @Test
    void aThresholdNoLongerSetResolvesItsAlertAndARemainingOneStandsInForIt() {
        at(0, 500);
        assertEquals(List.of(80, 85, 90), at(10, 910).stream().map(ThinPoolEvent::threshold).toList()); // 91 %
        assertEquals(List.of(), monitor.reconfigure(new Settings.ThinPool(List.of(80, 95), List.of(80)), T0.plusSeconds(20)),
                "80 was passed already: nothing new to say");
        assertEquals(80, monitor.current(T0.plusSeconds(20)).get(1).threshold(), "the alert in force now names 80");
        List<ThinPoolEvent> e = monitor.reconfigure(new Settings.ThinPool(List.of(95), List.of(95)), T0.plusSeconds(30));
        assertEquals(List.of(Change.RESOLVED), changes(e), "at 91 % nothing set is crossed any more");
        assertEquals(List.of(Change.STATUS), changes(monitor.current(T0.plusSeconds(30))));
    }

    @Test
    void aLateSubscriberGetsStatusAndTheAlertsInForce() {
        at(0, 500);
        at(10, 910);
        List<ThinPoolEvent> now = monitor.current(T0.plusSeconds(20));
        assertEquals(List.of(Change.STATUS, Change.DATA_THRESHOLD), changes(now));
        assertEquals(90, now.get(1).threshold());
        List<ThinPoolEvent> gone = monitor.removed("vg0-pool-tpool", T0.plusSeconds(30));
        assertEquals(List.of(Change.RESOLVED), changes(gone));
        assertEquals("Thin pool \u201cvg0/pool\u201d is gone (removed)", EnglishSummary.of(gone.get(0)));
        assertEquals(List.of(), monitor.current(T0.plusSeconds(40)));
        assertEquals(List.of(), monitor.removed("unknown", T0));
    }
}
