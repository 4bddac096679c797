package org.watchtray.agent.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;

class AgentMetricsTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    private static ThinPoolEvent pool(String name, ThinPoolEvent.Change c, double data, int threshold) {
        return new ThinPoolEvent(T, c, null, name, "vg0/pool", data, 12.5, threshold, Duration.ofHours(2), "rw");
    }

    @Test
    void poolUsageThresholdsAlertsAndUsbErrorsInTextFormat() throws Exception {
        AgentMetrics m = new AgentMetrics();
        m.accept(pool("vg0-pool-tpool", ThinPoolEvent.Change.STATUS, 75, 0));
        m.accept(pool("vg0-pool-tpool", ThinPoolEvent.Change.DATA_THRESHOLD, 81, 80));
        m.accept(pool("vg0-pool-tpool", ThinPoolEvent.Change.DATA_THRESHOLD, 91.5, 90));
        m.accept(pool("vg0-pool-tpool", ThinPoolEvent.Change.LOW_WATER_MARK, 91.5, 0));
        m.accept(new UsbEvent(T, UsbEvent.Change.ENUMERATION_ERROR, "1-1.2", "", "error -71", -71, 3, 3));
        m.accept(new UsbEvent(T, UsbEvent.Change.ENUMERATION_ERROR, "1-1.2", "", "error -71", -71, 2, 5));
        m.accept(new UsbEvent(T, UsbEvent.Change.OVER_CURRENT, "2-1", "", "", 0, 1, 0));
        m.accept(new UsbEvent(T, UsbEvent.Change.ADDED, "3-1", "Mouse", "", 0, 1, 0)); // not an error
        assertEquals("""
                # HELP watchtray_thinpool_data_used_ratio Share of the thin pool's data space in use (0-1), as of the last reading.
                # TYPE watchtray_thinpool_data_used_ratio gauge
                watchtray_thinpool_data_used_ratio{pool="vg0-pool-tpool",lvm_name="vg0/pool"} 0.915
                # HELP watchtray_thinpool_metadata_used_ratio Share of the thin pool's metadata space in use (0-1), as of the last reading.
                # TYPE watchtray_thinpool_metadata_used_ratio gauge
                watchtray_thinpool_metadata_used_ratio{pool="vg0-pool-tpool",lvm_name="vg0/pool"} 0.125
                # HELP watchtray_thinpool_threshold_percent Highest usage threshold (percent) the pool is above now, by kind; 0 when none.
                # TYPE watchtray_thinpool_threshold_percent gauge
                watchtray_thinpool_threshold_percent{pool="vg0-pool-tpool",lvm_name="vg0/pool",kind="data"} 90
                watchtray_thinpool_threshold_percent{pool="vg0-pool-tpool",lvm_name="vg0/pool",kind="metadata"} 0
                # HELP watchtray_thinpool_thresholds_crossed_total Usage thresholds the pool crossed since the agent started, by kind.
                # TYPE watchtray_thinpool_thresholds_crossed_total counter
                watchtray_thinpool_thresholds_crossed_total{pool="vg0-pool-tpool",lvm_name="vg0/pool",kind="data"} 2
                watchtray_thinpool_thresholds_crossed_total{pool="vg0-pool-tpool",lvm_name="vg0/pool",kind="metadata"} 0
                # HELP watchtray_thinpool_alert 1 while the alert is in force: low_water, out_of_space, read_only, failed, needs_check.
                # TYPE watchtray_thinpool_alert gauge
                watchtray_thinpool_alert{pool="vg0-pool-tpool",lvm_name="vg0/pool",alert="low_water"} 1
                watchtray_thinpool_alert{pool="vg0-pool-tpool",lvm_name="vg0/pool",alert="out_of_space"} 0
                watchtray_thinpool_alert{pool="vg0-pool-tpool",lvm_name="vg0/pool",alert="read_only"} 0
                watchtray_thinpool_alert{pool="vg0-pool-tpool",lvm_name="vg0/pool",alert="failed"} 0
                watchtray_thinpool_alert{pool="vg0-pool-tpool",lvm_name="vg0/pool",alert="needs_check"} 0
                # HELP watchtray_usb_errors_total USB errors on the port since the agent started, by kind.
                # TYPE watchtray_usb_errors_total counter
                watchtray_usb_errors_total{port="1-1.2",kind="enumeration_error"} 5
                watchtray_usb_errors_total{port="2-1",kind="over_current"} 1
                """, m.render());
        Promtool check = Promtool.check(m.render());
        assertTrue(check.clean(), check.output());
    }

    @Test
    void hostileNamesAreEscapedAndStillValid() throws Exception {
        AgentMetrics m = new AgentMetrics();
        m.accept(pool("evil\"} 1\nwatchtray_fake 9 \\", ThinPoolEvent.Change.DATA_THRESHOLD, 85, 80));
        String text = m.render();
        assertTrue(text.contains("pool=\"evil\\\"} 1\\nwatchtray_fake 9 \\\\\""), text);
        assertTrue(text.lines().noneMatch(l -> l.startsWith("watchtray_fake")), text);
        Promtool check = Promtool.check(text);
        assertTrue(check.clean(), check.output());
    }

    @Test
    void resolvedClearsAndAGonePoolLeaves() {
        AgentMetrics m = new AgentMetrics();
        m.accept(pool("p", ThinPoolEvent.Change.OUT_OF_DATA_SPACE, 100, 0));
        assertTrue(m.render().contains("alert=\"out_of_space\"} 1"));
        m.accept(pool("p", ThinPoolEvent.Change.RESOLVED, 50, 0));
        assertTrue(m.render().contains("alert=\"out_of_space\"} 0"));
        m.accept(new ThinPoolEvent(T, ThinPoolEvent.Change.RESOLVED, null, "p", "vg0/pool", Double.NaN, Double.NaN, 0, null, "removed"));
        assertEquals(List.of(), m.pools());
    }

    @Test
    void aRefreshTakesTheSourcesCurrentStateAndKeepsTheCounters() {
        AgentMetrics m = new AgentMetrics();
        m.accept(pool("p", ThinPoolEvent.Change.DATA_THRESHOLD, 81, 80));
        m.accept(pool("gone", ThinPoolEvent.Change.STATUS, 10, 0));
        // The source's current state: the latest reading, then the alerts in force with the reading of when they were raised.
        m.refresh(List.of(pool("p", ThinPoolEvent.Change.STATUS, 78.5, 0), pool("p", ThinPoolEvent.Change.LOW_WATER_MARK, 60, 0)));
        String text = m.render();
        assertTrue(text.contains("watchtray_thinpool_data_used_ratio{pool=\"p\",lvm_name=\"vg0/pool\"} 0.785"), text);
        assertTrue(text.contains("{pool=\"p\",lvm_name=\"vg0/pool\",kind=\"data\"} 0\n"), "below 80 - hysteresis: no threshold in force\n" + text);
        assertTrue(text.contains("alert=\"low_water\"} 1"), text);
        assertTrue(text.contains("watchtray_thinpool_thresholds_crossed_total{pool=\"p\",lvm_name=\"vg0/pool\",kind=\"data\"} 1"), text);
        assertEquals(List.of("p"), m.pools());
    }
}
