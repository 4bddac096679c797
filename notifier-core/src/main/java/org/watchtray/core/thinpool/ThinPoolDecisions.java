package org.watchtray.core.thinpool;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.parse.Parsed;
import org.watchtray.core.settings.Settings;

/**
 * Decides thin-pool events from readings with one set of thresholds: a desktop's with its
 * user's settings, the agent's with its own. Parses each reading's table (low-water mark) and
 * status line, names LVM pools, and feeds the {@link ThinPoolMonitor}; a line that does not
 * parse is reported, not swallowed. A snapshot (the readings that describe what holds now)
 * also tells which pools no longer exist.
 */
public final class ThinPoolDecisions {
    private final ThinPoolMonitor monitor;
    /** The table line that did not parse, per pool: reported once, not at every reading. */
    private final Map<String, String> badTables = new HashMap<>();
    private Set<String> snapshot;

    public ThinPoolDecisions(Settings.ThinPool settings) {
        this.monitor = new ThinPoolMonitor(settings);
    }

    /** The events one reading causes (decode problems included), least severe first. */
    public List<Event> accept(ThinPoolReading reading) {
        List<Event> out = new ArrayList<>();
        switch (reading) {
            case ThinPoolReading.Status s -> {
                if (snapshot != null) {
                    snapshot.add(s.pool());
                }
                long lowWater = 0;
                switch (ThinPoolTableParser.parse(s.table())) {
                    case Parsed.Ok<ThinPoolTable> ok -> {
                        lowWater = ok.value().lowWaterMarkBlocks();
                        badTables.remove(s.pool());
                    }
                    case Parsed.Malformed<ThinPoolTable> bad -> {
                        if (!s.table().equals(badTables.put(s.pool(), s.table()))) {
                            out.add(problem(s, "table", bad, s.table()));
                        }
                    }
                }
                switch (ThinPoolStatusParser.parse(s.status())) {
                    case Parsed.Ok<ThinPoolStatus> ok -> out.addAll(monitor.observe(
                            new ThinPoolSample(s.time(), s.pool(), DmNames.lvmName(s.pool(), s.uuid()), ok.value(), lowWater)));
                    case Parsed.Malformed<ThinPoolStatus> bad -> out.add(problem(s, "status", bad, s.status()));
                }
            }
            case ThinPoolReading.Gone g -> {
                badTables.remove(g.pool());
                out.addAll(monitor.removed(g.pool(), g.time()));
            }
        }
        return out;
    }

    /** A snapshot of every pool begins: the readings up to {@link #snapshotEnds} are all the pools there are. */
    public void snapshotBegins() {
        snapshot = new HashSet<>();
    }

    /** Pools that the snapshot did not mention are gone. */
    public List<Event> snapshotEnds(Instant now) {
        List<Event> out = new ArrayList<>();
        if (snapshot != null) {
            for (String pool : monitor.pools()) {
                if (!snapshot.contains(pool)) {
                    out.addAll(monitor.removed(pool, now));
                }
            }
            snapshot = null;
        }
        return out;
    }

    /** New thresholds, judged at once against each pool's last reading. */
    public List<Event> reconfigure(Settings.ThinPool settings, Instant now) {
        return new ArrayList<>(monitor.reconfigure(settings, now));
    }

    /** Each pool's status and the alerts in force, for a subscriber that connects late. */
    public List<Event> currentState(Instant now) {
        return new ArrayList<>(monitor.current(now));
    }

    private static DecodeProblem problem(ThinPoolReading.Status s, String what, Parsed.Malformed<?> bad, String text) {
        return new DecodeProblem(s.time(), SourceId.THINPOOL, bad.offset(), "thin pool " + s.pool() + " " + what + ": " + bad.problem(),
                new Bytes(text.getBytes(StandardCharsets.UTF_8)));
    }
}
