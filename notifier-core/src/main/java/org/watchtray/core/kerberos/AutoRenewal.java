package org.watchtray.core.kerberos;

import java.time.Instant;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;
import org.watchtray.core.source.SourceContext;

/**
 * Automatic renewal at half a ticket's lifetime, off the backend thread
 * ({@link BackgroundRenewals}). A renewed ticket is seen by the re-read that follows, whatever
 * change signal its cache has; a failure is said once per ticket.
 */
final class AutoRenewal implements AutoCloseable {
    private final SourceContext context;
    private final Krb5 krb5;
    private final Runnable reread;
    private final BackgroundRenewals renewals;
    private final SourceContext.Registration registration;

    private AutoRenewal(SourceContext context, Krb5 krb5, Runnable reread, BackgroundRenewals renewals) {
        this.context = context;
        this.krb5 = krb5;
        this.reread = reread;
        this.renewals = renewals;
        this.registration = context.watch(renewals.fd(), SourceContext.READABLE, events -> done());
    }

    /** Starts the renewal thread's wakeup; an eventfd that cannot be had is thrown (the status then says renewal is off). */
    static AutoRenewal start(SourceContext context, Libc libc, Krb5 krb5, Runnable reread) throws OsException {
        return new AutoRenewal(context, krb5, reread, new BackgroundRenewals(libc));
    }

    /** A newly tracked ticket: renewed at its half-life (at once if that has passed) while it stays current. */
    void schedule(TrackedTicket tr) {
        Instant now = context.clock().instant();
        if (tr.ticket.renewable(now)) {
            Instant at = tr.ticket.halfLife().isAfter(now) ? tr.ticket.halfLife() : now;
            tr.add(context.schedule(at, () -> renew(tr)));
        }
    }

    private void renew(TrackedTicket tr) {
        if (!tr.retired() && tr.ticket.renewable(context.clock().instant())) {
            renewals.submit(tr, tr.ticket, krb5::renew);
        }
    }

    private void done() throws OsException {
        boolean renewed = false;
        for (BackgroundRenewals.Done<?> d : renewals.takeDone()) {
            TrackedTicket tr = (TrackedTicket) d.tag();
            if (d.result().succeeded()) {
                renewed = true;
            } else if (!tr.retired() && !tr.renewFailureSaid) {
                tr.renewFailureSaid = true;
                context.emit(TicketEvents.of(CredentialEvent.Change.RENEW_FAILED, tr.ticket, null, context.clock().instant(), reasonOf(d.result())));
            }
        }
        if (renewed) {
            reread.run(); // the diff reports "renewed", whichever signal the cache type has
        }
    }

    private static String reasonOf(RenewResult r) {
        return switch (r) {
            case RenewResult.Failed f -> f.reason();
            case RenewResult.NotRenewable n -> n.reason();
            case RenewResult.NoTicket n -> n.reason();
            case RenewResult.Renewed ignored -> "";
        };
    }

    @Override
    public void close() {
        registration.close();
        renewals.close();
    }
}
