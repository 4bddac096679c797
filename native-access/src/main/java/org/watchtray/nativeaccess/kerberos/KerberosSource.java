package org.watchtray.nativeaccess.kerberos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.watchtray.core.event.CredentialEvent;
import org.watchtray.core.event.Durations;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.nativeaccess.NativeException;
import org.watchtray.nativeaccess.libc.Libc;

/**
 * Kerberos ticket expiry: reads every TGT in the ccache collections through libkrb5 whenever a
 * change signal says a cache may have changed, and warns ahead of each expiry on deadlines.
 *
 * <ul>
 * <li>Change signals, never a fixed short poll: inotify for FILE and DIR caches; for KEYRING
 *     caches the kernel notification queue where it exists, else a re-read on the keys source's
 *     /proc/keys interval (stated in {@link #status()}); for KCM, which no kernel interface can
 *     see, a timer derived from the tickets' end times ({@link KcmCadence}).</li>
 * <li>Deadlines ({@link SourceContext#schedule}, a CANCEL_ON_SET timerfd in the poller): a
 *     warning at each lead time, then "expired". Every deadline re-reads first, so a ticket
 *     renewed or destroyed meanwhile never gets a stale warning; thresholds already passed are
 *     said once, as the most urgent one ({@link WarningState}).</li>
 * <li>A new ticket is "acquired", a later end time with the same initial authentication
 *     "renewed" (both replace earlier warnings, whose deadlines are cancelled); a ticket gone
 *     before its end is "destroyed" (kdestroy), one gone after it only "expired".</li>
 * <li>Optional automatic renewal at half the lifetime, off the backend thread.</li>
 * </ul>
 */
public final class KerberosSource implements Source {

    /** Loads libkrb5 (injectable so a missing library can be shown to produce a clear status). */
    @FunctionalInterface
    public interface Library {
        Krb5 load() throws Krb5Exception;
    }

    private final Libc libc;
    private final Library library;
    private final Environment environment;
    private final Settings.Kerberos settings;
    private final Duration keyringInterval;

    private SourceContext context;
    private TicketReader reader;
    private TicketRenewer renewer;
    private List<String> collections = List.of();
    private List<CacheLocation> locations = List.of();
    private final Map<Ticket.Key, Tracked> tracked = new LinkedHashMap<>();
    private Map<Ticket.Key, Ticket> current = Map.of();

    private CacheFileWatches files;
    private SourceContext.Registration filesRegistration;
    private String filesUnavailable;
    private RereadTimer rereadTimer;
    /** Looks for missing caches in shared directories (CacheFileWatches.looksByTimer), on the keys source's interval. */
    private RereadTimer missingCacheTimer;
    private KeyringWatches keyrings;
    private SourceContext.Registration keyringsRegistration;
    private String keyringsUnavailable;
    private SourceContext.Registration kcmTimer;
    private BackgroundRenewals renewals;
    private SourceContext.Registration renewalsRegistration;
    private String renewalsUnavailable;
    private List<String> readProblems = List.of();
    private SourceStatus status = SourceStatus.unavailable(SourceId.KERBEROS, "not started");
    private boolean closed;

    /** One ticket being watched: its warnings and the deadlines that will say them. */
    private static final class Tracked {
        final Ticket ticket;
        final WarningState warnings;
        final List<SourceContext.Registration> deadlines = new ArrayList<>();
        boolean renewFailureSaid;

        Tracked(Ticket ticket, List<Duration> leads) {
            this.ticket = ticket;
            this.warnings = new WarningState(ticket.endTime(), leads);
        }

        void cancel() {
            deadlines.forEach(SourceContext.Registration::close);
            deadlines.clear();
        }
    }

    /**
     * @param environment where KRB5_CONFIG and KRB5CCNAME come from (never the process environment)
     * @param settings    lead times, automatic renewal, extra collections; and the keys source's
     *                    poll interval, reused for KEYRING caches when the kernel has no notification queue
     */
    public KerberosSource(Libc libc, Library library, Environment environment, Settings settings) {
        this.libc = Objects.requireNonNull(libc);
        this.library = Objects.requireNonNull(library);
        this.environment = Objects.requireNonNull(environment);
        this.settings = settings.kerberos();
        this.keyringInterval = settings.keys().pollInterval();
    }

    @Override
    public SourceId id() {
        return SourceId.KERBEROS;
    }

    @Override
    public SourceStatus start(SourceContext ctx) {
        this.context = ctx;
        Krb5 krb5;
        try {
            krb5 = library.load();
        } catch (Krb5Exception e) {
            return status = SourceStatus.unavailable(id(), "libkrb5 is not available: " + e.getMessage());
        }
        reader = new TicketReader(krb5, environment, settings.extraCollections());
        renewer = new TicketRenewer(reader, ctx.clock());
        Inventory inventory;
        try {
            inventory = reader.read();
        } catch (Krb5Exception | IllegalStateException e) {
            return status = SourceStatus.unavailable(id(), "cannot set up Kerberos: " + e.getMessage());
        }
        if (settings.autoRenew()) {
            startRenewals();
        }
        if (apply(inventory, true)) {
            reread(); // the first watches exist only now: anything that changed meanwhile is read again
        }
        return status = computeStatus();
    }

    @Override
    public SourceStatus status() {
        return status;
    }

    /** Re-reads every cache now (after a renewal from the toast or the CLI, or a loss). */
    @Override
    public void resync() {
        reread();
    }

    // ---- reading and comparing ----

    /** How often a re-read may repeat because its own new watches may have missed a change (bounded, normally 1). */
    private static final int MAX_REREADS = 3;

    private void reread() {
        if (closed || reader == null) {
            return;
        }
        for (int i = 0; i < MAX_REREADS; i++) {
            Inventory inventory;
            try {
                inventory = reader.read();
            } catch (Krb5Exception | IllegalStateException e) {
                readProblems = List.of("cannot read the caches: " + e.getMessage());
                break;
            }
            if (!apply(inventory, false)) {
                break;
            }
        }
        publishStatus();
    }

    /** Applies a read; true when new watches were added, which calls for one more read. */
    private boolean apply(Inventory inventory, boolean initial) {
        Instant now = context.clock().instant();
        readProblems = inventory.problems().toList();
        if (!inventory.collectionNames().equals(collections)) {
            retarget(inventory.collectionNames());
        }
        TicketDiff.Result diff = TicketDiff.between(current, inventory);
        current = diff.current();
        for (TicketDiff.Change change : diff.changes()) {
            switch (change) {
                case TicketDiff.Acquired(Ticket t) -> {
                    untrack(t.key());
                    if (!initial) {
                        emit(CredentialEvent.Change.ACQUIRED, t, null, now);
                    }
                    track(t, now);
                }
                case TicketDiff.Renewed(Ticket before, Ticket after) -> {
                    untrack(before.key());
                    emit(CredentialEvent.Change.RENEWED, after, null, now);
                    track(after, now);
                }
                case TicketDiff.Gone(Ticket t) -> gone(t, untrack(t.key()), now);
            }
        }
        boolean newWatches = files != null && files.retarget(locations);
        boolean lookByTimer = files != null && files.looksByTimer();
        if (lookByTimer && missingCacheTimer == null) {
            missingCacheTimer = RereadTimer.start(context, keyringInterval, this::reread);
        } else if (!lookByTimer && missingCacheTimer != null) {
            missingCacheTimer.close();
            missingCacheTimer = null;
        }
        newWatches |= keyrings != null && keyrings.retarget(keyringLocations());
        scheduleKcm(now);
        return newWatches;
    }

    private void track(Ticket t, Instant now) {
        Tracked tr = new Tracked(t, settings.leadTimes());
        tracked.put(t.key(), tr);
        sayDue(tr, now);
        for (Instant at : tr.warnings.deadlinesAfter(now)) {
            tr.deadlines.add(context.schedule(at, () -> deadline(tr, at)));
        }
        if (renewals != null && t.renewable(now)) {
            Instant at = t.halfLife().isAfter(now) ? t.halfLife() : now;
            tr.deadlines.add(context.schedule(at, () -> autoRenew(tr)));
        }
    }

    private Tracked untrack(Ticket.Key key) {
        Tracked tr = tracked.remove(key);
        if (tr != null) {
            tr.cancel();
        }
        return tr;
    }

    /**
     * A ticket left its cache. KEYRING caches vanish by themselves at their end time (the kernel
     * key's timeout), so after the end that is only "expired", said once; anything else is a
     * deliberate kdestroy, which also withdraws an "expired" toast.
     */
    private void gone(Ticket t, Tracked tr, Instant now) {
        if (now.isBefore(t.endTime()) || !"KEYRING".equals(t.cacheType())) {
            emit(CredentialEvent.Change.DESTROYED, t, null, now);
        } else if (tr != null && tr.warnings.next(now).isPresent()) {
            emit(CredentialEvent.Change.EXPIRED, t, null, now);
        }
    }

    /** A warning or expiry deadline: re-read first, so a renewal or kdestroy meanwhile wins. */
    private void deadline(Tracked tr, Instant at) {
        reread();
        if (tracked.get(tr.ticket.key()) != tr) {
            return; // replaced or gone: the re-read already said what happened
        }
        Instant now = context.clock().instant();
        sayDue(tr, now.isBefore(at) ? at : now);
    }

    private void sayDue(Tracked tr, Instant now) {
        tr.warnings.next(now).ifPresent(notice -> {
            switch (notice) {
                case WarningState.Warn(Duration lead) -> emit(CredentialEvent.Change.EXPIRES_SOON, tr.ticket, lead, now);
                case WarningState.Expired() -> emit(CredentialEvent.Change.EXPIRED, tr.ticket, null, now);
            }
        });
    }

    private void emit(CredentialEvent.Change change, Ticket t, Duration lead, Instant now) {
        emit(change, t, lead, now, null);
    }

    private void emit(CredentialEvent.Change change, Ticket t, Duration lead, Instant now, String failure) {
        boolean renewable = change != CredentialEvent.Change.DESTROYED && t.renewable(now);
        String reason = failure != null ? failure
                : renewable || change == CredentialEvent.Change.DESTROYED ? "" : t.whyNotRenewable(now).orElse("");
        context.emit(new CredentialEvent(now, change, t.principal(), t.cache(), t.endTime(), t.renewUntil(), renewable, lead, reason));
    }

    // ---- automatic renewal ----

    private void startRenewals() {
        try {
            renewals = new BackgroundRenewals(libc);
            renewalsRegistration = context.watch(renewals.fd(), SourceContext.READABLE, events -> renewalsDone());
        } catch (NativeException e) {
            renewals = null;
            renewalsUnavailable = "automatic renewal is off: " + e.getMessage();
        }
    }

    private void autoRenew(Tracked tr) {
        if (tracked.get(tr.ticket.key()) != tr || !tr.ticket.renewable(context.clock().instant())) {
            return;
        }
        renewals.submit(tr, tr.ticket, renewer::renewTicket);
    }

    private void renewalsDone() throws NativeException {
        boolean renewed = false;
        for (BackgroundRenewals.Done<?> done : renewals.takeDone()) {
            Tracked tr = (Tracked) done.tag();
            if (done.result().succeeded()) {
                renewed = true;
            } else if (tracked.get(tr.ticket.key()) == tr && !tr.renewFailureSaid) {
                tr.renewFailureSaid = true; // said once per ticket; the warnings still follow
                emit(CredentialEvent.Change.RENEW_FAILED, tr.ticket, null, context.clock().instant(), reasonOf(done.result()));
            }
        }
        if (renewed) {
            reread(); // the diff reports "renewed", whichever signal the cache type has
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

    // ---- change signals ----

    /** Chooses the change signal for each collection (once, and again if the collections change). */
    private void retarget(List<String> names) {
        collections = names;
        locations = names.stream().map(CacheLocation::parse).toList();
        boolean wantFiles = locations.stream().anyMatch(l -> l instanceof CacheLocation.FileCache
                || l instanceof CacheLocation.DirCollection || l instanceof CacheLocation.DirSubsidiary);
        if (wantFiles && files == null && filesUnavailable == null) {
            try {
                files = new CacheFileWatches(libc);
                filesRegistration = context.watch(files.fd(), SourceContext.READABLE, events -> {
                    if (files.drainRelevant()) {
                        reread();
                    }
                });
            } catch (NativeException e) {
                filesUnavailable = "inotify is unavailable (" + e.getMessage() + ")";
            }
        }
        List<CacheLocation.Keyring> keyringCaches = keyringLocations();
        if (!keyringCaches.isEmpty() && keyrings == null && keyringsUnavailable == null) {
            try {
                keyrings = KeyringWatches.open(libc);
                keyringsRegistration = context.watch(keyrings.fd(), SourceContext.READABLE, events -> {
                    if (keyrings.drain()) {
                        reread();
                    }
                });
            } catch (NativeException e) {
                keyringsUnavailable = KeyringWatches.whyUnavailable(e);
            }
        }
        boolean wantTimer = (!keyringCaches.isEmpty() && keyringsUnavailable != null) || (wantFiles && filesUnavailable != null);
        if (wantTimer && rereadTimer == null) {
            rereadTimer = RereadTimer.start(context, keyringInterval, this::reread);
        } else if (!wantTimer && rereadTimer != null) {
            rereadTimer.close();
            rereadTimer = null;
        }
    }

    private List<CacheLocation.Keyring> keyringLocations() {
        return locations.stream().filter(l -> l instanceof CacheLocation.Keyring).map(l -> (CacheLocation.Keyring) l).toList();
    }

    /** KCM: re-read after a fraction of the soonest remaining ticket life (there is no change signal). */
    private void scheduleKcm(Instant now) {
        if (locations.stream().noneMatch(l -> l instanceof CacheLocation.Kcm)) {
            return;
        }
        List<Instant> ends = current.values().stream().filter(t -> "KCM".equals(t.cacheType())).map(Ticket::endTime).toList();
        Instant next = now.plus(KcmCadence.interval(now, ends));
        if (kcmTimer != null) {
            kcmTimer.close();
        }
        kcmTimer = context.schedule(next, this::reread);
    }

    // ---- status ----

    private void publishStatus() {
        SourceStatus next = computeStatus();
        if (!next.equals(status)) {
            status = next;
            context.statusChanged(next);
        }
    }

    private SourceStatus computeStatus() {
        List<String> mechanisms = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        mechanisms.add("libkrb5 reading " + String.join(", ", collections));
        if (files != null) {
            String watched = files.describe();
            if (!watched.isEmpty() || !files.looksByTimer()) {
                mechanisms.add("inotify on " + (watched.isEmpty() ? "nothing yet" : watched));
            }
            if (files.looksByTimer()) {
                // Not a problem: a deliberate trade, said where the mechanism is.
                mechanisms.add("a cache not there yet looked for every " + Durations.humanize(keyringInterval) + " in "
                        + files.describeByTimer() + " (watching a shared directory would wake watchtray for every file anyone makes there)");
            }
            reasons.addAll(files.problems());
        }
        if (filesUnavailable != null) {
            reasons.add("FILE/DIR caches re-read every " + Durations.humanize(keyringInterval) + ": " + filesUnavailable);
        }
        if (keyrings != null) {
            // Not the serials: they change with every new cache, the mechanism does not.
            mechanisms.add("KEYRING caches watched on the notification queue (KEYCTL_WATCH_KEY)");
            reasons.addAll(keyrings.problems());
        }
        if (keyringsUnavailable != null && !keyringLocations().isEmpty()) {
            mechanisms.add("KEYRING caches re-read every " + Durations.humanize(keyringInterval));
            reasons.add("KEYRING caches have no change signal: " + keyringsUnavailable);
        }
        if (kcmTimer != null) {
            // The interval itself is not shown: it changes with every re-read, the mechanism does not.
            mechanisms.add("KCM caches re-read on a timer derived from ticket end times (every "
                    + Durations.humanize(KcmCadence.SHORTEST) + " to " + Durations.humanize(KcmCadence.LONGEST)
                    + "; KCM has no change signal)");
        }
        locations.stream().filter(l -> l instanceof CacheLocation.Other).map(l -> (CacheLocation.Other) l)
                .forEach(o -> reasons.add(o.type() + " caches are not watched (only this process could change them)"));
        mechanisms.add("deadlines on timerfd");
        if (renewalsUnavailable != null) {
            reasons.add(renewalsUnavailable);
        }
        reasons.addAll(readProblems);
        String mechanism = String.join("; ", mechanisms);
        return reasons.isEmpty() ? SourceStatus.active(id(), mechanism)
                : SourceStatus.degraded(id(), mechanism, String.join("; ", reasons));
    }

    /** The tickets being watched now, for the Sources view and tests. */
    public List<Ticket> tickets() {
        return List.copyOf(current.values());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        tracked.values().forEach(Tracked::cancel);
        tracked.clear();
        closeQuietly(filesRegistration);
        closeQuietly(kcmTimer);
        closeQuietly(renewalsRegistration);
        closeQuietly(keyringsRegistration);
        if (keyrings != null) {
            keyrings.close();
        }
        if (files != null) {
            files.close();
        }
        if (rereadTimer != null) {
            rereadTimer.close();
        }
        if (missingCacheTimer != null) {
            missingCacheTimer.close();
        }
        if (renewals != null) {
            renewals.close();
        }
    }

    private static void closeQuietly(SourceContext.Registration r) {
        if (r != null) {
            r.close();
        }
    }
}
