package org.watchtray.core.mounts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.Reconfigurable;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;

/**
 * Mount changes, event-driven. {@code /proc/self/mountinfo} is registered for EPOLLPRI (the
 * kernel raises it on every change to our mount namespace); each wakeup brings the snapshot up
 * to date and reports the difference by mount ID, minus the user's noise, with bursts coalesced.
 *
 * <p>How the snapshot is brought up to date, best first (see {@code docs/mounts.md}):
 * <ol>
 *   <li>fanotify mount events (6.15+, CAP_SYS_ADMIN) name each attached, detached or moved
 *       mount, read with statmount;</li>
 *   <li>else listmount/statmount (6.8+): the IDs tell what was mounted or unmounted;</li>
 *   <li>else the whole of mountinfo is re-read and parsed.</li>
 * </ol>
 * With fanotify, a change costs one statmount of each mount it names; without, one listmount
 * and one statmount per new mount. A cheap look at every watched mount follows, at least
 * {@link #VERIFY_AFTER} later and spaced from the previous one by {@link #VERIFY_SPACING_PER_MOUNT}
 * per mount (at once when nothing explained the signal, i.e. a remount), so a remount that came
 * in the same wakeup is reported late but never lost, and its cost does not grow with the table.
 * With fanotify, a signal nothing named in a small table (a remount) is answered by reading
 * mountinfo once and reading in full only the mounts whose lines changed ({@link MountinfoRemounts}).
 * The status {@link #start} returns says which mechanism runs and why the better ones do not.
 */
public final class MountSource implements Source, Reconfigurable {
    private static final String MOUNTINFO = "/proc/self/mountinfo";
    /** How soon after a cheaply answered change the reader verifies nothing else changed with it, at the soonest. */
    static final Duration VERIFY_AFTER = Duration.ofMillis(100);
    /**
     * How long after the previous look at every watched mount the next verification may come,
     * per mount it looks at. A look costs 1–3 µs a mount, so verifications take at most about
     * 0.01 % of one CPU however often mounts come and go, and a change costs the same whatever
     * the size of the table: 0.9 s apart at 30 watched mounts, 2.5 min at 5,000. Only a remount
     * that lands in the very wakeup of a mount or unmount waits for it (docs/mounts.md).
     */
    static final Duration VERIFY_SPACING_PER_MOUNT = Duration.ofMillis(30);

    /** Which mechanisms the source may use; tests and the benchmark force the fallbacks. */
    public enum Mechanisms {
        /** fanotify where kernel and privileges allow, else poll + statmount, else poll + full re-read. */
        BEST,
        /** poll(POLLPRI) + listmount/statmount, never fanotify. */
        NO_FANOTIFY,
        /** poll(POLLPRI) + a full re-read of mountinfo. */
        FULL_REREAD,
        /**
         * As {@link #BEST}, but a remount is always found by the statmount look at every watched
         * mount, never by reading mountinfo at small tables: tests compare the two.
         */
        BEST_WITHOUT_MOUNTINFO_REMOUNTS
    }

    private final Libc libc;
    private final MountTables tables;
    private final MountNotifications.Opener notifications;
    private final Mechanisms allowed;
    private final MountTracker tracker;

    private SourceContext context;
    private int mountinfoFd = -1;
    private MountTableReader reader;
    /** The reader when it is statmount's; null once fallen back to mountinfo. */
    private StatmountReader statmountReader;
    /** With fanotify, at small tables: finds a remount's mount by reading mountinfo once; null when not used. */
    private MountinfoRemounts remounts;
    private FanotifyMountWatch fanotify;
    private String noFanotifyReason = "";
    private SourceContext.Registration watch;
    private SourceContext.Registration fanotifyWatch;
    /** fanotify named a change since the last mountinfo signal, which that change's signal will be. */
    private boolean explainedSinceSignal;
    /** The loop's wakeup in which fanotify's queue was last read to empty ({@link SourceContext#wakeup}). */
    private long drainedInWakeup = -1;
    private SourceContext.Registration deadline;
    private Instant deadlineAt;
    private SourceContext.Registration verification;
    private Instant verificationDue;
    /** When the last look at every watched mount began (the first reading, a resync, a verification). */
    private Instant lastLook;

    /**
     * @param libc          opens, reads and polls {@code /proc/self/mountinfo}
     * @param tables        listmount/statmount
     * @param notifications fanotify mount events
     */
    public MountSource(Libc libc, MountTables tables, MountNotifications.Opener notifications, Settings.Mounts settings,
                       Mechanisms allowed) {
        this.libc = libc;
        this.tables = tables;
        this.notifications = notifications;
        this.allowed = allowed;
        this.tracker = new MountTracker(settings);
    }

    public MountSource(Libc libc, MountTables tables, MountNotifications.Opener notifications, Settings.Mounts settings) {
        this(libc, tables, notifications, settings, Mechanisms.BEST);
    }

    @Override
    public SourceId id() {
        return SourceId.MOUNTS;
    }

    @Override
    public SourceStatus start(SourceContext context) {
        this.context = context;
        try {
            mountinfoFd = libc.open(MOUNTINFO, Libc.O_RDONLY, "mount table");
        } catch (OsException e) {
            return SourceStatus.unavailable(SourceId.MOUNTS, "cannot open " + MOUNTINFO + ": " + e.getMessage());
        }
        String noStatmount = chooseReader();
        if (statmountReader != null) {
            chooseFanotify();
        }
        MountTableReader.Reading first;
        try {
            first = reader.readAll(MountTable.EMPTY);
        } catch (OsException e) {
            try {
                if (statmountReader == null) {
                    throw e;
                }
                noStatmount = fallBack(e);
                first = reader.readAll(MountTable.EMPTY);
            } catch (OsException fatal) {
                close();
                return SourceStatus.unavailable(SourceId.MOUNTS, "cannot read the mount table: " + fatal.getMessage());
            }
        }
        lastLook = now();
        emitAll(tracker.baseline(first, now()));
        watch = context.watch(mountinfoFd, SourceContext.PRIORITY, events -> signalled());
        if (fanotify != null) {
            fanotifyWatch = context.watch(fanotify.fd(), SourceContext.READABLE, events -> fanotifyReadable());
        }
        return describe(noStatmount);
    }

    /** Whether a verification is due (tests wait for it before they call a change settled). Backend thread. */
    public boolean verificationPending() {
        return verification != null;
    }

    /** When the verification a cheaply answered change asked for will run; empty when none is due. Backend thread. */
    public Optional<Instant> verificationDue() {
        return Optional.ofNullable(verification == null ? null : verificationDue);
    }

    /** The snapshot as of the last change signal. */
    public MountTable table() {
        return tracker.table();
    }

    /** A loss elsewhere (or the user asked): re-read everything and report what differs. */
    @Override
    public void resync() {
        if (reader == null) {
            return;
        }
        try {
            lastLook = now();
            publish(reader.readAll(tracker.table()));
        } catch (OsException e) {
            failed(e);
        }
    }

    @Override
    public void reconfigure(Settings settings) {
        emitAll(tracker.reconfigure(settings.mounts(), now()));
        if (reader != null) {
            reader.watch(tracker::isWatched);
        }
        // Mounts that were noise were not looked at; read everything so their state is current.
        resync();
    }

    /**
     * mountinfo's POLLPRI: something in our namespace changed since the last signal. With
     * fanotify, the mounts it named (now, or since the last signal) explain it, and a
     * verification follows for a remount that may have come in the same wakeup; a signal nothing
     * named is a remount (or a mount whose fanotify event is not queued yet) and is looked for
     * at once.
     */
    private void signalled() {
        try {
            if (fanotify == null) {
                publish(reader.refresh(tracker.table(), MountTableReader.Hints.NONE));
                return;
            }
            // A remount queues no fanotify record: when its fd was not found ready with this signal, reading it would
            // only say EAGAIN. A record queued just after the signal (an attach's) wakes the loop again; meanwhile the
            // signal counts as unexplained, and the line count of unexplained()'s reading sends it to listmount.
            boolean explained = explainedSinceSignal | (context.foundReady(fanotifyWatch) && applyNamed());
            explainedSinceSignal = false;
            if (fanotify != null && explained) {
                verifyLater();
            } else if (reader != null) {
                publish(unexplained());
            }
        } catch (OsException e) {
            failed(e);
        }
    }

    /**
     * A signal fanotify did not explain: a remount, most likely. At small tables, mountinfo's
     * lines that changed name its mount ({@link MountinfoRemounts}); else, or when they cannot
     * be trusted, the statmount reader looks (listmount, then every watched mount).
     */
    private MountTableReader.Reading unexplained() throws OsException {
        MountTable table = tracker.table();
        if (remounts != null && reader == statmountReader) {
            if (table.size() <= MountinfoRemounts.MAX_MOUNTS) {
                int[] changed = remounts.changed(table.size());
                MountTableReader.Reading r = changed == null ? null : statmountReader.remounted(table, changed);
                if (r != null) {
                    return r;
                }
            } else {
                remounts.forget();
            }
        }
        return reader.refresh(table, MountTableReader.Hints.NONE);
    }

    /** fanotify's queue is readable: mounts were attached, detached or moved. Their mountinfo signal comes too. */
    private void fanotifyReadable() {
        try {
            explainedSinceSignal |= applyNamed();
        } catch (OsException e) {
            failed(e);
        }
    }

    /**
     * Reads the mounts fanotify named and reports what changed; true when something did. A
     * queue that overflowed (or failed) is a loss: everything is read again.
     */
    private boolean applyNamed() throws OsException {
        long wakeup = context.wakeup();
        if (wakeup == drainedInWakeup) {
            // Emptied earlier in this wakeup (a change makes both fds ready, and each handler used to read):
            // what is queued since makes the fd ready again and wakes the loop, so the read would only say EAGAIN.
            return false;
        }
        drainedInWakeup = wakeup;
        FanotifyMountWatch.Drained named;
        try {
            named = fanotify.drain();
        } catch (OsException e) {
            stopFanotify("reading fanotify mount events failed: " + e.getMessage());
            context.emit(new LossEvent(now(), SourceId.MOUNTS, -1, "fanotify mount event queue"));
            publish(reader.readAll(tracker.table()));
            return true;
        }
        for (FanotifyMountRecords.Problem p : named.problems()) {
            context.emit(new DecodeProblem(now(), SourceId.MOUNTS, p.offset(), "fanotify record: " + p.reason(), Bytes.EMPTY));
        }
        if (named.overflowed()) {
            context.emit(new LossEvent(now(), SourceId.MOUNTS, -1, "fanotify mount event queue"));
            publish(reader.readAll(tracker.table()));
            return true;
        }
        if (named.touched().isEmpty()) {
            return false;
        }
        MountTableReader.Reading reading = reader.named(tracker.table(), named.touched());
        boolean changed = reading.table() != tracker.table();
        publish(reading);
        return changed;
    }

    private void stopFanotify(String why) {
        fanotifyWatch.close();
        fanotifyWatch = null;
        fanotify.close();
        fanotify = null;
        remounts = null;
        noFanotifyReason = why;
        setStatus(describe(""));
    }

    private void publish(MountTableReader.Reading reading) {
        boolean changed = reading.table() != tracker.table();
        emitAll(tracker.apply(reading, now()));
        if (changed) {
            armDeadline();
        }
        if (reading.verifyLater()) {
            verifyLater();
        }
    }

    /**
     * Schedules the look at every watched mount a cheap answer asked for: {@link #VERIFY_AFTER}
     * from now, but no sooner than the look's size times {@link #VERIFY_SPACING_PER_MOUNT} after
     * the previous look, so that its cost per change does not grow with the table.
     */
    private void verifyLater() {
        if (verification == null) {
            Instant due = now().plus(VERIFY_AFTER);
            if (lastLook != null) {
                Instant spaced = lastLook.plus(VERIFY_SPACING_PER_MOUNT.multipliedBy(reader.lookSize()));
                if (spaced.isAfter(due)) {
                    due = spaced;
                }
            }
            verificationDue = due;
            verification = context.schedule(due, this::verify);
        }
    }

    /**
     * The check a cheaply answered change asked for: anything that came with it is reported now.
     * A change signal pending at this moment is taken off the fd and answered by this look too;
     * left there, it would come after the look had already seen its change, and a signal nothing
     * explains costs a look at every mount in full.
     */
    private void verify() {
        verification = null;
        verificationDue = null;
        if (reader == null) {
            return;
        }
        lastLook = now();
        try {
            boolean signalled = (libc.poll(mountinfoFd, Libc.POLLPRI, 0) & Libc.POLLPRI) != 0;
            // What fanotify named explains the pending signal as it would in signalled(): then a change no
            // number shows is not looked for (reading every mount in full), exactly as for any explained signal.
            boolean explained = explainedSinceSignal | (fanotify != null && applyNamed());
            explainedSinceSignal = false;
            if (reader != null) {
                publish(reader.verify(tracker.table(), signalled && !explained));
            }
        } catch (OsException e) {
            failed(e);
        }
    }

    private void armDeadline() {
        Optional<Instant> due = tracker.deadline();
        if (due.isPresent() && due.get().equals(deadlineAt) && deadline != null) {
            return;
        }
        if (deadline != null) {
            deadline.close();
            deadline = null;
            deadlineAt = null;
        }
        if (due.isPresent()) {
            deadlineAt = due.get();
            deadline = context.schedule(deadlineAt, this::burstOver);
        }
    }

    private void burstOver() {
        Instant at = deadlineAt;
        deadline = null;
        deadlineAt = null;
        Instant now = now();
        emitAll(tracker.expire(at != null && at.isAfter(now) ? at : now));
        armDeadline();
    }

    /** A reader failed: from statmount fall back to mountinfo; if mountinfo fails, stop and say why. */
    private void failed(OsException e) {
        if (statmountReader != null) {
            setStatus(describe(fallBack(e)));
            try {
                publish(reader.readAll(tracker.table()));
                return;
            } catch (OsException again) {
                e = again;
            }
        }
        close();
        setStatus(SourceStatus.unavailable(SourceId.MOUNTS, "reading the mount table failed: " + e.getMessage()));
    }

    /** Switches to the mountinfo reader and says why. */
    private String fallBack(OsException cause) {
        statmountReader.close();
        statmountReader = null;
        if (fanotify != null) {
            if (fanotifyWatch != null) {
                fanotifyWatch.close();
                fanotifyWatch = null;
            }
            fanotify.close();
            fanotify = null;
        }
        remounts = null;
        reader = new MountinfoReader(libc, mountinfoFd);
        tracker.forgetUniqueIds();
        return "statmount failed (" + cause.getMessage() + ")";
    }

    /** Picks statmount when the kernel has all it needs; returns why not otherwise ("" when it is used). */
    private String chooseReader() {
        if (allowed == Mechanisms.FULL_REREAD) {
            reader = new MountinfoReader(libc, mountinfoFd);
            return "listmount/statmount turned off by the caller";
        }
        Statmount statmount = new Statmount(tables);
        String why;
        try {
            long[] ids = statmount.listAll();
            long missing = ids.length == 0 ? 0 : statmount.unsupported(ids[0], MountTables.FULL);
            why = missing == 0 ? "" : "statmount on this kernel lacks mask bits 0x" + Long.toHexString(missing) + " (Linux 6.15 has them all)";
        } catch (OsException e) {
            why = e.errno() == Errno.ENOSYS
                    ? "kernel lacks listmount/statmount, Linux 6.8+ (" + e.errnoName() + ")"
                    : "listmount/statmount unavailable: " + e.getMessage();
        }
        if (!why.isEmpty()) {
            reader = new MountinfoReader(libc, mountinfoFd);
            return why;
        }
        statmountReader = new StatmountReader(statmount, tracker::isWatched);
        reader = statmountReader;
        return "";
    }

    private void chooseFanotify() {
        if (allowed != Mechanisms.BEST && allowed != Mechanisms.BEST_WITHOUT_MOUNTINFO_REMOUNTS) {
            noFanotifyReason = "fanotify mount events turned off by the caller";
            return;
        }
        try {
            fanotify = FanotifyMountWatch.open(notifications);
            if (allowed == Mechanisms.BEST) {
                remounts = new MountinfoRemounts(libc, mountinfoFd);
            }
        } catch (OsException e) {
            noFanotifyReason = switch (e.errno()) {
                case Errno.EPERM -> "fanotify mount events need CAP_SYS_ADMIN (" + e.call() + ": EPERM)";
                case Errno.EINVAL -> "kernel lacks fanotify mount events, Linux 6.15+ (" + e.call() + ": EINVAL)";
                default -> "fanotify mount events unavailable: " + e.getMessage();
            };
        }
    }

    private SourceStatus describe(String noStatmount) {
        if (statmountReader == null) {
            return SourceStatus.degraded(SourceId.MOUNTS, "poll(POLLPRI) on " + MOUNTINFO + " + full re-read", noStatmount);
        }
        if (fanotify != null) {
            return SourceStatus.active(SourceId.MOUNTS,
                    "fanotify mount events on the mount namespace + statmount (remounts: poll(POLLPRI) on " + MOUNTINFO + ")");
        }
        return SourceStatus.active(SourceId.MOUNTS,
                "poll(POLLPRI) on " + MOUNTINFO + " + listmount/statmount \u2014 " + noFanotifyReason);
    }

    private void setStatus(SourceStatus s) {
        context.statusChanged(s);
    }

    private void emitAll(List<? extends Event> events) {
        for (Event e : events) {
            context.emit(e);
        }
    }

    private Instant now() {
        return context.clock().instant();
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
        if (deadline != null) {
            deadline.close();
            deadline = null;
        }
        if (verification != null) {
            verification.close();
            verification = null;
        }
        if (fanotifyWatch != null) {
            fanotifyWatch.close();
            fanotifyWatch = null;
        }
        if (fanotify != null) {
            fanotify.close();
            fanotify = null;
        }
        if (reader != null) {
            reader.close();
            reader = null;
            statmountReader = null;
        }
        libc.closeQuietly(mountinfoFd);
        mountinfoFd = -1;
    }
}
