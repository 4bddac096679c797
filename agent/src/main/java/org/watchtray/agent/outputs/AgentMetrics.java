package org.watchtray.agent.outputs;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.watchtray.core.event.Event;

/**
 * The agent's counters and gauges, kept from its events and rendered in Prometheus' text
 * exposition format for node_exporter's textfile collector. Events are read only through
 * {@link Event#name()}, {@link Event#subject()} and {@link Event#details()}, so the model does
 * not depend on how the event records are built. Not thread-safe: the backend thread updates
 * it and renders a snapshot.
 *
 * <ul>
 * <li>per pool: data and metadata use (ratio 0–1, as of the last reading), the highest data and
 *     metadata threshold it is above now, threshold crossings since the agent started, and
 *     which alerts are in force (low water, out of space, read-only, failed, needs check);</li>
 * <li>per USB port: errors since the agent started, by kind (each merged burst counts its occurrences).</li>
 * </ul>
 */
public final class AgentMetrics {
    static final List<String> ALERTS = List.of("low_water", "out_of_space", "read_only", "failed", "needs_check");
    static final List<String> USB_ERRORS = List.of("enumeration_error", "cannot_enumerate", "reset", "over_current",
            "disconnect_storm", "error");

    private static final class Pool {
        String lvmName = "";
        double data = Double.NaN;
        double metadata = Double.NaN;
        int dataThreshold;
        int metadataThreshold;
        long dataCrossings;
        long metadataCrossings;
        final Map<String, Boolean> alerts = new TreeMap<>();
    }

    private final Map<String, Pool> pools = new TreeMap<>();
    private final Map<String, Map<String, Long>> usb = new TreeMap<>();

    /** Takes what an event says; true when a metric changed. */
    public boolean accept(Event e) {
        String name = e.name();
        if (name.startsWith("thinpool.")) {
            return pool(name.substring("thinpool.".length()), e);
        }
        if (name.startsWith("usb.")) {
            String kind = name.substring("usb.".length());
            if (USB_ERRORS.contains(kind)) {
                long count = e.details().get("count") instanceof Number n ? n.longValue() : 1;
                usb.computeIfAbsent(e.subject(), p -> new TreeMap<>()).merge(kind, count, Long::sum);
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces what is known of the pools' state with a source's current state (its latest
     * readings and the alerts in force), keeping the counters.
     */
    public void refresh(List<Event> current) {
        Map<String, Pool> seen = new TreeMap<>();
        for (Event e : current) {
            if (e.name().startsWith("thinpool.")) {
                Pool p = pools.computeIfAbsent(e.subject(), s -> new Pool());
                if (seen.put(e.subject(), p) == null) {
                    p.dataThreshold = 0;
                    p.metadataThreshold = 0;
                    p.alerts.clear();
                }
                String change = e.name().substring("thinpool.".length());
                if (change.equals("status")) {
                    reading(p, e); // the alerts in force carry the reading of when they were raised
                }
                switch (change) {
                    case "data_threshold" -> p.dataThreshold = threshold(e);
                    case "metadata_threshold" -> p.metadataThreshold = threshold(e);
                    default -> {
                        if (ALERTS.contains(change)) {
                            p.alerts.put(change, true);
                        }
                    }
                }
            }
        }
        pools.keySet().retainAll(seen.keySet());
    }

    private boolean pool(String change, Event e) {
        if (change.equals("resolved") && !(e.details().get("data_percent") instanceof Number)) {
            return pools.remove(e.subject()) != null; // the pool is gone: its series go with it
        }
        Pool p = pools.computeIfAbsent(e.subject(), s -> new Pool());
        reading(p, e);
        switch (change) {
            case "data_threshold" -> {
                p.dataThreshold = threshold(e);
                p.dataCrossings++;
            }
            case "metadata_threshold" -> {
                p.metadataThreshold = threshold(e);
                p.metadataCrossings++;
            }
            case "resolved" -> {
                p.dataThreshold = 0;
                p.metadataThreshold = 0;
                p.alerts.clear();
            }
            default -> {
                if (ALERTS.contains(change)) {
                    p.alerts.put(change, true);
                }
            }
        }
        return true;
    }

    private static void reading(Pool p, Event e) {
        Map<String, Object> d = e.details();
        if (d.get("lvm_name") instanceof String s) {
            p.lvmName = s;
        }
        if (d.get("data_percent") instanceof Number n) {
            p.data = n.doubleValue() / 100;
        }
        if (d.get("metadata_percent") instanceof Number n) {
            p.metadata = n.doubleValue() / 100;
        }
    }

    private static int threshold(Event e) {
        return e.details().get("threshold") instanceof Number n ? n.intValue() : 0;
    }

    /** The text exposition format, one family after another, each with HELP and TYPE. */
    public String render() {
        StringBuilder out = new StringBuilder(1024);
        family(out, "watchtray_thinpool_data_used_ratio", "gauge", "Share of the thin pool's data space in use (0-1), as of the last reading.");
        pools.forEach((name, p) -> sample(out, "watchtray_thinpool_data_used_ratio", pool(name, p), p.data));
        family(out, "watchtray_thinpool_metadata_used_ratio", "gauge", "Share of the thin pool's metadata space in use (0-1), as of the last reading.");
        pools.forEach((name, p) -> sample(out, "watchtray_thinpool_metadata_used_ratio", pool(name, p), p.metadata));
        family(out, "watchtray_thinpool_threshold_percent", "gauge", "Highest usage threshold (percent) the pool is above now, by kind; 0 when none.");
        pools.forEach((name, p) -> {
            sample(out, "watchtray_thinpool_threshold_percent", pool(name, p) + ",kind=\"data\"", p.dataThreshold);
            sample(out, "watchtray_thinpool_threshold_percent", pool(name, p) + ",kind=\"metadata\"", p.metadataThreshold);
        });
        family(out, "watchtray_thinpool_thresholds_crossed_total", "counter", "Usage thresholds the pool crossed since the agent started, by kind.");
        pools.forEach((name, p) -> {
            sample(out, "watchtray_thinpool_thresholds_crossed_total", pool(name, p) + ",kind=\"data\"", p.dataCrossings);
            sample(out, "watchtray_thinpool_thresholds_crossed_total", pool(name, p) + ",kind=\"metadata\"", p.metadataCrossings);
        });
        family(out, "watchtray_thinpool_alert", "gauge", "1 while the alert is in force: low_water, out_of_space, read_only, failed, needs_check.");
        pools.forEach((name, p) -> {
            for (String a : ALERTS) {
                sample(out, "watchtray_thinpool_alert", pool(name, p) + ",alert=\"" + a + "\"", p.alerts.getOrDefault(a, false) ? 1 : 0);
            }
        });
        family(out, "watchtray_usb_errors_total", "counter", "USB errors on the port since the agent started, by kind.");
        usb.forEach((port, kinds) -> kinds.forEach((kind, n) ->
                sample(out, "watchtray_usb_errors_total", "port=\"" + escape(port) + "\",kind=\"" + kind + "\"", n)));
        return out.toString();
    }

    private static String pool(String name, Pool p) {
        return "pool=\"" + escape(name) + "\",lvm_name=\"" + escape(p.lvmName) + "\"";
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name).append('{').append(labels).append("} ").append(number(value)).append('\n');
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** Label values: backslash, double quote and newline escaped, as the format requires. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Pools known now (tests). */
    List<String> pools() {
        return new ArrayList<>(pools.keySet());
    }
}
