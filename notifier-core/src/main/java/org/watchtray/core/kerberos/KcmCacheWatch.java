package org.watchtray.core.kerberos;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.watchtray.core.event.Durations;
import org.watchtray.core.source.SourceContext;

/**
 * KCM caches live in a daemon (sssd-kcm, Heimdal's kcm) that offers no change notification:
 * its protocol (MIT's kcm.h operations) has requests for caches and credentials but none to
 * subscribe to changes, and sssd-kcm keeps caches in its own database, which no user-readable
 * file or kernel interface reflects. So they are re-read on a timer derived from the tickets'
 * end times ({@link KcmCadence}), besides before every warning deadline.
 */
final class KcmCacheWatch implements CacheWatch {
    private final SourceContext context;
    private final Runnable reread;
    private SourceContext.Registration timer;

    KcmCacheWatch(SourceContext context, Runnable reread) {
        this.context = context;
        this.reread = reread;
    }

    /** Re-arms the timer after each read; never asks for another read itself. */
    @Override
    public boolean follow(List<CacheLocation> locations, Collection<Ticket> tickets) {
        if (timer != null) {
            timer.close();
            timer = null;
        }
        if (locations.stream().anyMatch(l -> l instanceof CacheLocation.Kcm)) {
            Instant now = context.clock().instant();
            List<Instant> ends = tickets.stream().filter(t -> "KCM".equals(t.cacheType())).map(Ticket::endTime).toList();
            timer = context.schedule(now.plus(KcmCadence.interval(now, ends)), reread);
        }
        return false;
    }

    @Override
    public void describe(List<String> mechanisms, List<String> reasons) {
        if (timer != null) {
            // The interval itself is not shown: it changes with every re-read, the mechanism does not.
            mechanisms.add("KCM caches re-read on a timer derived from ticket end times (every "
                    + Durations.humanize(KcmCadence.SHORTEST) + " to " + Durations.humanize(KcmCadence.LONGEST)
                    + "; KCM has no change signal)");
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.close();
            timer = null;
        }
    }
}
