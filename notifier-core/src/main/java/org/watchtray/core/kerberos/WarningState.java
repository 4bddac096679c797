package org.watchtray.core.kerberos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The warnings one ticket (one end time) has had and is still owed. Each lead time is a
 * threshold: when several have passed at once (at start, after a suspend) only the most urgent
 * one is said, and nothing is said twice. A renewed ticket gets a new WarningState, in which the
 * thresholds already passed when it was renewed count as said ({@link #saidUpTo}): the user has
 * just renewed and been told until when, so the same warning must not come straight back.
 */
final class WarningState {
    /** One thing to tell the user about the ticket. */
    sealed interface Notice {
    }

    /** "Expires in about {@code lead}" (the threshold passed, not the exact time left). */
    record Warn(Duration lead) implements Notice {
    }

    record Expired() implements Notice {
    }

    private final Instant end;
    private final List<Duration> leads;
    private Duration warned;
    private boolean expired;

    /** @param leads warning lead times, any order; zero or negative ones are ignored */
    WarningState(Instant end, List<Duration> leads) {
        this.end = end;
        this.leads = leads.stream().filter(d -> d.isPositive()).sorted().toList(); // most urgent first
    }

    Instant end() {
        return end;
    }

    /** Takes every threshold already passed at {@code now} as said; later ones and the expiry are still owed. */
    void saidUpTo(Instant now) {
        for (Duration lead : leads) {
            if (!now.isBefore(end.minus(lead)) && (warned == null || lead.compareTo(warned) < 0)) {
                warned = lead;
                return;
            }
        }
    }

    /** What to say at {@code now}, at most one notice; it is remembered and not returned again. */
    Optional<Notice> next(Instant now) {
        if (expired) {
            return Optional.empty(); // after "expired", even a clock set back says nothing more
        }
        if (!now.isBefore(end)) {
            expired = true;
            return Optional.of(new Expired());
        }
        for (Duration lead : leads) {
            if (!now.isBefore(end.minus(lead))) {
                if (warned != null && warned.compareTo(lead) <= 0) {
                    return Optional.empty(); // this or a more urgent one was said already
                }
                warned = lead;
                return Optional.of(new Warn(lead));
            }
        }
        return Optional.empty();
    }

    /** The moments after {@code now} at which {@link #next} will have something new: each later threshold, then the end. */
    List<Instant> deadlinesAfter(Instant now) {
        List<Instant> at = new ArrayList<>();
        for (Duration lead : leads.reversed()) {
            Instant t = end.minus(lead);
            if (t.isAfter(now)) {
                at.add(t);
            }
        }
        if (end.isAfter(now)) {
            at.add(end);
        }
        return at;
    }
}
