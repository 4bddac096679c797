package org.watchtray.core.mounts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Settings;

/**
 * What the user hears about the mount table, decided without the kernel: it takes readings
 * (from whichever {@link MountTableReader} the source uses), keeps the snapshot, and returns the
 * events — the difference by mount ID, minus the user's noise, with bursts coalesced — and the
 * deadline at which a held burst must be summed up. Lines of mountinfo that do not parse are
 * reported once each, while they last.
 */
final class MountTracker {
    private MountNoiseFilter filter;
    private MountBurstCoalescer coalescer;
    private MountTable table = MountTable.EMPTY;
    private final Set<String> reportedProblems = new HashSet<>();

    MountTracker(Settings.Mounts settings) {
        this.filter = MountNoiseFilter.from(settings);
        this.coalescer = MountBurstCoalescer.from(settings);
    }

    /** The snapshot as of the last reading. */
    MountTable table() {
        return table;
    }

    /** Which mounts a change to would be reported at all (readers skip the others' cheap look). */
    boolean isWatched(MountEntry e) {
        return filter.isWatched(e);
    }

    /** The table at start: the baseline, not news; only lines that do not parse are worth saying. */
    List<Event> baseline(MountTableReader.Reading first, Instant now) {
        table = first.table();
        return problems(first.problems(), now);
    }

    /** A new reading: what changed since the last one, as the user should hear it now. */
    List<Event> apply(MountTableReader.Reading reading, Instant now) {
        List<Event> out = problems(reading.problems(), now);
        if (reading.table() == table) {
            return out;
        }
        List<MountEvent> changes = reading.changedKeys() == null ? MountDiff.between(table, reading.table(), now)
                : MountDiff.between(table, reading.table(), reading.changedKeys(), now);
        table = reading.table();
        List<MountEvent> reported = coalescer.offer(filter.withoutNoise(changes), now);
        if (out.isEmpty()) {
            return List.copyOf(reported);
        }
        out.addAll(reported);
        return out;
    }

    /** When the held changes of a burst must be summed up; empty while nothing is held. */
    Optional<Instant> deadline() {
        return coalescer.deadline();
    }

    /** The burst's deadline came: its summary, if changes were held. */
    List<MountEvent> expire(Instant now) {
        return coalescer.expire(now);
    }

    /** New noise and burst rules; what the old rules still held is reported first. */
    List<MountEvent> reconfigure(Settings.Mounts settings, Instant now) {
        List<MountEvent> held = coalescer.flush(now);
        filter = MountNoiseFilter.from(settings);
        coalescer = MountBurstCoalescer.from(settings);
        return held;
    }

    /** The snapshot keyed by mountinfo IDs, for a reader that has no others (statmount failed). */
    void forgetUniqueIds() {
        table = table.withoutUniqueIds();
    }

    private List<Event> problems(List<MountinfoParser.Problem> problems, Instant now) {
        if (problems.isEmpty() && reportedProblems.isEmpty()) {
            return List.of(); // the usual case; apply adds to what this returns only when it is not empty
        }
        List<Event> out = new ArrayList<>();
        Set<String> current = new HashSet<>();
        for (MountinfoParser.Problem p : problems) {
            current.add(p.text());
            if (reportedProblems.add(p.text())) {
                out.add(new DecodeProblem(now, SourceId.MOUNTS, p.offset(), "mountinfo line " + p.line() + ": " + p.reason(),
                        new Bytes(p.text().getBytes(StandardCharsets.UTF_8))));
            }
        }
        reportedProblems.retainAll(current);
        return out;
    }
}
