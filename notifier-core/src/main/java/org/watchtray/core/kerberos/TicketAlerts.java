package org.watchtray.core.kerberos;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.watchtray.core.source.SourceContext;

/**
 * The tickets being watched and what the user hears about them. Each read's differences become
 * events: a new ticket is "acquired", a later end time with the same initial authentication
 * "renewed" (both replace earlier warnings, whose deadlines are cancelled), a ticket gone
 * before its end "destroyed". Each ticket gets a deadline at every lead time and at its end;
 * a deadline re-reads first, so a ticket renewed or destroyed meanwhile never gets a stale
 * warning, and thresholds already passed are said once, as the most urgent ({@link WarningState}).
 */
final class TicketAlerts implements AutoCloseable {
    private final SourceContext context;
    private final List<Duration> leads;
    private final Runnable reread;
    private final Consumer<TrackedTicket> onTrack;
    private final Map<Ticket.Key, TrackedTicket> tracked = new LinkedHashMap<>();
    private Map<Ticket.Key, Ticket> current = Map.of();

    /**
     * @param reread  re-reads every cache (a deadline does so before it speaks)
     * @param onTrack told of every newly tracked ticket (automatic renewal schedules itself)
     */
    TicketAlerts(SourceContext context, List<Duration> leads, Runnable reread, Consumer<TrackedTicket> onTrack) {
        this.context = context;
        this.leads = List.copyOf(leads);
        this.reread = reread;
        this.onTrack = onTrack;
    }

    /** The tickets as last read. */
    Collection<Ticket> tickets() {
        return current.values();
    }

    /** Takes in one read; the first one ({@code initial}) reports no acquisitions, only warnings already due. */
    void apply(Inventory inventory, boolean initial) {
        Instant now = context.clock().instant();
        TicketDiff.Result diff = TicketDiff.between(current, inventory);
        current = diff.current();
        for (TicketDiff.Change change : diff.changes()) {
            switch (change) {
                case TicketDiff.Acquired(Ticket t) -> {
                    untrack(t.key());
                    if (!initial) {
                        context.emit(TicketEvents.of(CredentialEvent.Change.ACQUIRED, t, null, now, null));
                    }
                    track(t, now, false);
                }
                case TicketDiff.Renewed(Ticket before, Ticket after) -> {
                    untrack(before.key());
                    context.emit(TicketEvents.of(CredentialEvent.Change.RENEWED, after, null, now, null));
                    track(after, now, true);
                }
                case TicketDiff.Gone(Ticket t) -> gone(t, untrack(t.key()), now);
            }
        }
    }

    /** @param renewed a renewal: "renewed until …" was just said, so thresholds already passed are not said again */
    private void track(Ticket t, Instant now, boolean renewed) {
        TrackedTicket tr = new TrackedTicket(t, leads);
        if (renewed) {
            tr.warnings.saidUpTo(now);
        }
        tracked.put(t.key(), tr);
        sayDue(tr, now);
        for (Instant at : tr.warnings.deadlinesAfter(now)) {
            tr.add(context.schedule(at, () -> deadline(tr, at)));
        }
        onTrack.accept(tr);
    }

    private TrackedTicket untrack(Ticket.Key key) {
        TrackedTicket tr = tracked.remove(key);
        if (tr != null) {
            tr.retire();
        }
        return tr;
    }

    /**
     * A ticket left its cache. KEYRING caches vanish by themselves at their end time (the kernel
     * key's timeout), so after the end that is only "expired", said once; anything else is a
     * deliberate kdestroy, which also withdraws an "expired" toast.
     */
    private void gone(Ticket t, TrackedTicket tr, Instant now) {
        if (now.isBefore(t.endTime()) || !"KEYRING".equals(t.cacheType())) {
            context.emit(TicketEvents.of(CredentialEvent.Change.DESTROYED, t, null, now, null));
        } else if (tr != null && tr.warnings.next(now).isPresent()) {
            context.emit(TicketEvents.of(CredentialEvent.Change.EXPIRED, t, null, now, null));
        }
    }

    /** A warning or expiry deadline: re-read first, so a renewal or kdestroy meanwhile wins. */
    private void deadline(TrackedTicket tr, Instant at) {
        reread.run();
        if (tr.retired()) {
            return; // replaced or gone: the re-read already said what happened
        }
        Instant now = context.clock().instant();
        sayDue(tr, now.isBefore(at) ? at : now);
    }

    private void sayDue(TrackedTicket tr, Instant now) {
        tr.warnings.next(now).ifPresent(notice -> context.emit(switch (notice) {
            case WarningState.Warn(Duration lead) -> TicketEvents.of(CredentialEvent.Change.EXPIRES_SOON, tr.ticket, lead, now, null);
            case WarningState.Expired() -> TicketEvents.of(CredentialEvent.Change.EXPIRED, tr.ticket, null, now, null);
        }));
    }

    @Override
    public void close() {
        tracked.values().forEach(TrackedTicket::retire);
        tracked.clear();
    }
}
