package org.watchtray.core.kerberos;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.keys.Keyctl;
import org.watchtray.core.keys.NotificationQueue;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;

/**
 * Kerberos ticket expiry: reads every TGT in the ccache collections through libkrb5
 * ({@link Krb5}) whenever a change signal says a cache may have changed, and warns ahead of
 * each expiry on deadlines. The parts, each on its own:
 * <ul>
 * <li>change signals, never a fixed short poll ({@link CacheWatches}): inotify for FILE and DIR
 *     caches, the kernel notification queue for KEYRING caches (else a re-read on the keys
 *     source's /proc/keys interval), an adaptive timer for KCM, which nothing can watch;</li>
 * <li>the tickets, their warnings and deadlines ({@link TicketAlerts});</li>
 * <li>optional automatic renewal at half the lifetime, off the backend thread ({@link AutoRenewal}).</li>
 * </ul>
 * This class reads, hands each read to them, and says what it uses in its status.
 */
public final class KerberosSource implements Source {
    /** How often a re-read may repeat because its own new watches may have missed a change (bounded, normally 1). */
    private static final int MAX_REREADS = 3;

    private final Krb5 krb5;
    private final CacheWatches.Kernel kernel;
    private final Settings.Kerberos settings;
    private final java.time.Duration fallbackInterval;

    private SourceContext context;
    private TicketAlerts alerts;
    private CacheWatches watches;
    private AutoRenewal renewal;
    private String renewalUnavailable;
    private List<String> readProblems = List.of();
    private boolean closed;

    /**
     * @param krb5     libkrb5 for this session's environment (or the reason it is unavailable)
     * @param settings lead times, automatic renewal, extra collections; and the keys source's
     *                 poll interval, reused for caches whose change signal is missing
     */
    public KerberosSource(Krb5 krb5, Libc libc, Keyctl keyctl, NotificationQueue.Opener queues, Settings settings) {
        this.krb5 = Objects.requireNonNull(krb5);
        this.kernel = new CacheWatches.Kernel(Objects.requireNonNull(libc), Objects.requireNonNull(keyctl), Objects.requireNonNull(queues));
        this.settings = settings.kerberos();
        this.fallbackInterval = settings.keys().pollInterval();
    }

    @Override
    public SourceId id() {
        return SourceId.KERBEROS;
    }

    @Override
    public SourceStatus start(SourceContext ctx) {
        this.context = ctx;
        try {
            krb5.check();
        } catch (Krb5Exception e) {
            return SourceStatus.unavailable(id(), "libkrb5 is not available: " + e.getMessage());
        }
        Inventory inventory;
        try {
            inventory = krb5.read(settings.extraCollections());
        } catch (Krb5Exception e) {
            return SourceStatus.unavailable(id(), "cannot set up Kerberos: " + e.getMessage());
        }
        if (settings.autoRenew()) {
            try {
                renewal = AutoRenewal.start(ctx, kernel.libc(), krb5, this::reread);
            } catch (OsException e) {
                renewalUnavailable = "automatic renewal is off: " + e.getMessage();
            }
        }
        alerts = new TicketAlerts(ctx, settings.leadTimes(), this::reread, renewal == null ? tr -> { } : renewal::schedule);
        watches = new CacheWatches(ctx, kernel, fallbackInterval, this::reread);
        if (apply(inventory, true)) {
            reread(); // the first watches exist only now: anything that changed meanwhile is read again
        }
        return computeStatus();
    }

    /** Re-reads every cache now (after a renewal from the toast or the CLI, or a loss). */
    @Override
    public void resync() {
        reread();
    }

    private void reread() {
        if (closed || alerts == null) {
            return;
        }
        for (int i = 0; i < MAX_REREADS; i++) {
            Inventory inventory;
            try {
                inventory = krb5.read(settings.extraCollections());
            } catch (Krb5Exception e) {
                readProblems = List.of("cannot read the caches: " + e.getMessage());
                break;
            }
            if (!apply(inventory, false)) {
                break;
            }
        }
        context.statusChanged(computeStatus()); // the loop publishes it only when it changed
    }

    /** Applies a read; true when new watches were added, which calls for one more read. */
    private boolean apply(Inventory inventory, boolean initial) {
        readProblems = inventory.problems().toList();
        alerts.apply(inventory, initial);
        return watches.follow(inventory.collectionNames(), alerts.tickets());
    }

    private SourceStatus computeStatus() {
        List<String> mechanisms = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        mechanisms.add("libkrb5 reading " + String.join(", ", watches.collections()));
        watches.describe(mechanisms, reasons);
        mechanisms.add("deadlines on timerfd");
        if (renewalUnavailable != null) {
            reasons.add(renewalUnavailable);
        }
        reasons.addAll(readProblems);
        String mechanism = String.join("; ", mechanisms);
        return reasons.isEmpty() ? SourceStatus.active(id(), mechanism)
                : SourceStatus.degraded(id(), mechanism, String.join("; ", reasons));
    }

    /** The tickets being watched now, for tests. */
    public List<Ticket> tickets() {
        return alerts == null ? List.of() : List.copyOf(alerts.tickets());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (alerts != null) {
            alerts.close();
        }
        if (watches != null) {
            watches.close();
        }
        if (renewal != null) {
            renewal.close();
        }
    }
}
