package org.watchtray.core.kerberos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.source.SourceContext;

/** One ticket being watched: its warnings, the deadlines that will say them, and whether it still is the current one. */
final class TrackedTicket {
    final Ticket ticket;
    final WarningState warnings;
    private final List<SourceContext.Registration> deadlines = new ArrayList<>();
    private boolean retired;
    /** A failed automatic renewal is said once per ticket; the warnings still follow. */
    boolean renewFailureSaid;

    TrackedTicket(Ticket ticket, List<Duration> leads) {
        this.ticket = ticket;
        this.warnings = new WarningState(ticket.endTime(), leads);
    }

    void add(SourceContext.Registration deadline) {
        deadlines.add(deadline);
    }

    /** Replaced, gone or closed: its deadlines are cancelled and late results about it are dropped. */
    void retire() {
        retired = true;
        deadlines.forEach(SourceContext.Registration::close);
        deadlines.clear();
    }

    boolean retired() {
        return retired;
    }
}
