package org.watchtray.nativeaccess.keys;

import org.watchtray.core.keys.Keyctl;
import org.watchtray.nativeaccess.keys.KeySnapshot;
import org.watchtray.nativeaccess.keys.KeySubtypes;
import org.watchtray.nativeaccess.keys.KeyTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.record.RecordEvents;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.Reconfigurable;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;

/**
 * Kernel keys and keyrings. Prefers the kernel notification queue watching the session, user
 * and persistent keyrings (plus the ones in the settings); where the kernel has no queue it
 * re-reads /proc/keys and the keyrings on the configured interval and reports the same kinds of
 * events from the differences. Either way, keys with a timeout get "expires soon" and "expired"
 * from deadlines, because the kernel reports no expiry. Runs on the backend thread only.
 */
public final class KeySource implements Source, Reconfigurable {
    public static final int DEFAULT_QUEUE_NOTES = 256;
    private static final Path PROC_KEYS = Path.of("/proc/keys");

    private final Keyctl keyctl;
    private final Libc libc;
    private final KeyReader reader;
    private final int queueNotes;
    private final Consumer<String> log;
    private Settings.Keys settings;

    private SourceContext context;
    private KeyTracker tracker;
    private KeyNotifications notifications;
    private SourceContext.Registration queueWatch;
    private SourceContext.Registration pollDeadline;
    private SourceContext.Registration expiryDeadline;
    private int userMask = KeySubtypes.ALL;
    private String fallbackReason = "";
    private List<String> setupProblems = List.of();
    private List<String> lastParseProblems = List.of();
    private SourceStatus status;

    /** The desktop source: reads the real /proc/keys; problems that concern no event go to {@code log}. */
    public KeySource(Keyctl keyctl, Libc libc, Settings.Keys settings, Consumer<String> log) {
        this(keyctl, libc, settings, () -> Files.readString(PROC_KEYS), DEFAULT_QUEUE_NOTES, log);
    }

    /** With an injectable /proc/keys and queue size (a tiny queue lets a test provoke loss). */
    KeySource(Keyctl keyctl, Libc libc, Settings.Keys settings, KeyReader.ProcKeysText procKeys, int queueNotes,
              Consumer<String> log) {
        this.keyctl = Objects.requireNonNull(keyctl);
        this.libc = Objects.requireNonNull(libc);
        this.settings = Objects.requireNonNull(settings);
        this.reader = new KeyReader(keyctl, procKeys);
        this.queueNotes = queueNotes;
        this.log = Objects.requireNonNull(log);
        this.status = new SourceStatus(SourceId.KEYS, SourceStatus.State.UNAVAILABLE, "none", "not started");
    }

    @Override
    public SourceId id() {
        return SourceId.KEYS;
    }

    @Override
    public SourceStatus start(SourceContext ctx) {
        this.context = ctx;
        List<String> problems = new ArrayList<>();
        userMask = KeySubtypes.userMask(settings.subtypes(), problems::add);
        tracker = new KeyTracker(reader::lookup, settings.expiryWarning());
        Map<Integer, String> rings = reader.resolveRings(settings.watchKeyrings(), problems::add);
        tracker.setRings(rings);
        try {
            notifications = openQueue(rings);
            queueWatch = ctx.watch(notifications.fd(), SourceContext.READABLE, bits -> onQueueReadable());
        } catch (OsException e) {
            fallbackReason = fallbackReason(e);
        }
        setupProblems = List.copyOf(problems);
        try {
            refresh(false);
        } catch (UncheckedIOException e) {
            if (notifications == null) {
                return publish(SourceStatus.unavailable(SourceId.KEYS, "cannot read /proc/keys: " + e.getCause().getMessage()));
            }
            setupProblems = append(setupProblems, "no expiry warnings: cannot read /proc/keys: " + e.getCause().getMessage());
        }
        if (notifications == null) {
            schedulePoll();
        }
        return publish(currentStatus());
    }

    private KeyNotifications openQueue(Map<Integer, String> rings) throws OsException {
        WatchQueue queue = WatchQueue.open(libc);
        try {
            queue.setSize(queueNotes);
            queue.setFilter(KeySubtypes.kernelFilter(userMask));
            KeyNotifications n = new KeyNotifications(queue, keyctl, tracker, new RecordEvents(context.clock(), SourceId.KEYS));
            n.watchRings(rings);
            return n;
        } catch (OsException | RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    /** Why the queue cannot be used, in the words the Sources view shows. */
    static String fallbackReason(OsException e) {
        if (e.errno() == Errno.ENOPKG && e.call().equals("pipe2")) {
            return "kernel lacks CONFIG_WATCH_QUEUE (pipe2 returned ENOPKG)";
        }
        if (e.errno() == Errno.EOPNOTSUPP && e.call().equals("KEYCTL_WATCH_KEY")) {
            return "kernel lacks CONFIG_KEY_NOTIFICATIONS (KEYCTL_WATCH_KEY returned EOPNOTSUPP)";
        }
        return "notification queue unusable: " + e.getMessage();
    }

    private SourceStatus currentStatus() {
        String problems = String.join("; ", setupProblems);
        if (notifications != null) {
            return new SourceStatus(SourceId.KEYS, SourceStatus.State.ACTIVE,
                    "kernel notification queue (watching " + ringNames(tracker.rings()) + ")", problems);
        }
        return SourceStatus.degraded(SourceId.KEYS, "polling /proc/keys every " + interval(settings.pollInterval()),
                fallbackReason + (problems.isEmpty() ? "" : "; " + problems));
    }

    /** "session, user, persistent keyrings" (+ " and keyring 1234" for extras given by serial). */
    static String ringNames(Map<Integer, String> rings) {
        List<String> named = new ArrayList<>();
        List<String> numbered = new ArrayList<>();
        for (String label : rings.values()) {
            (label.startsWith("keyring ") ? numbered : named).add(label.startsWith("keyring ") ? label.substring(8) : label);
        }
        String text = named.isEmpty() ? "" : String.join(", ", named) + " keyrings";
        if (!numbered.isEmpty()) {
            text += (text.isEmpty() ? "" : " and ") + (numbered.size() == 1 ? "keyring " : "keyrings ") + String.join(", ", numbered);
        }
        return text.isEmpty() ? "no keyrings" : text;
    }

    static String interval(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private SourceStatus publish(SourceStatus s) {
        status = s;
        if (context != null) {
            context.statusChanged(s);
        }
        return s;
    }

    public SourceStatus status() {
        return status;
    }

    // ---- the notification queue ----

    private void onQueueReadable() throws OsException {
        KeyNotifications.Drained d = notifications.drain(context.clock().instant(), log);
        emit(d.events());
        if (d.lost()) {
            refresh(true); // a loss record: the state is re-read and the differences reported
        } else if (d.refresh()) {
            refresh(false);
        }
    }

    // ---- the /proc/keys fallback ----

    private void schedulePoll() {
        if (pollDeadline != null) {
            pollDeadline.close();
        }
        pollDeadline = context.schedule(context.clock().instant().plus(settings.pollInterval()), () -> {
            pollDeadline = null;
            refresh(true);
            schedulePoll();
        });
    }

    // ---- both ----

    /**
     * Re-reads /proc/keys and the watched keyrings. With {@code report} the differences are
     * emitted (the fallback's poll, a resync); without, they are learned silently (the queue's
     * records already told). Then expiry warnings are due ones emitted and the next expiry
     * check scheduled.
     */
    private void refresh(boolean report) {
        KeySnapshot s;
        try {
            s = reader.snapshot(context.clock(), tracker.rings().keySet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant now = context.clock().instant();
        reportParseProblems(s, now);
        KeyTracker.Changes changes = tracker.diff(s, now, report);
        if (notifications != null) {
            notifications.follow(changes, log);
        }
        if (report) {
            emit(changes.events());
        }
        checkExpiry();
    }

    private void reportParseProblems(KeySnapshot s, Instant now) {
        if (s.problems().equals(lastParseProblems)) {
            return; // reported once, not on every poll
        }
        lastParseProblems = s.problems();
        for (String p : s.problems()) {
            context.emit(new DecodeProblem(now, SourceId.KEYS, 0, "/proc/keys " + p, null));
        }
    }

    private void checkExpiry() {
        Instant now = context.clock().instant();
        emit(new ArrayList<>(tracker.expiry(now)));
        if (expiryDeadline != null) {
            expiryDeadline.close();
            expiryDeadline = null;
        }
        tracker.nextCheck(now).ifPresent(at -> expiryDeadline = context.schedule(at, () -> {
            expiryDeadline = null;
            // The row must be current: the timeout may have been changed without our knowing (fallback).
            refresh(notifications == null);
        }));
    }

    private void emit(List<? extends Event> events) {
        for (Event e : events) {
            if (!(e instanceof KeyEvent k) || KeySubtypes.wanted(k.change(), userMask)) {
                context.emit(e);
            }
        }
    }

    @Override
    public void resync() {
        if (context != null && tracker != null) {
            refresh(true);
        }
    }

    /**
     * Follows new settings live, on the backend thread: the kernel filter, the watched
     * keyrings, the warning lead and the poll interval.
     */
    @Override
    public void reconfigure(Settings newSettings) {
        Settings.Keys k = newSettings.keys();
        if (k.equals(settings) || context == null || tracker == null) {
            settings = k;
            return;
        }
        Settings.Keys old = settings;
        settings = k;
        List<String> problems = new ArrayList<>();
        userMask = KeySubtypes.userMask(k.subtypes(), problems::add);
        tracker.warningLead(k.expiryWarning());
        if (notifications != null && !k.subtypes().equals(old.subtypes())) {
            try {
                notifications.filter(userMask);
            } catch (OsException e) {
                problems.add("kernel filter not changed: " + e.getMessage());
            }
        }
        if (!k.watchKeyrings().equals(old.watchKeyrings())) {
            if (notifications == null) {
                refresh(true); // report what changed under the old watch list first
            }
            Map<Integer, String> rings = reader.resolveRings(k.watchKeyrings(), problems::add);
            KeyTracker.Changes c = tracker.setRings(rings);
            if (notifications != null) {
                notifications.unwatch(c.unfollowed());
                try {
                    notifications.watchRings(rings);
                } catch (OsException e) {
                    problems.add(e.getMessage());
                }
            }
            refresh(false); // the new keyrings' members are learned, not reported as links
        } else {
            checkExpiry();
        }
        if (notifications == null && !k.pollInterval().equals(old.pollInterval())) {
            schedulePoll();
        }
        setupProblems = List.copyOf(problems);
        publish(currentStatus());
    }

    private static List<String> append(List<String> list, String item) {
        List<String> l = new ArrayList<>(list);
        l.add(item);
        return List.copyOf(l);
    }

    @Override
    public void close() {
        for (SourceContext.Registration r : new SourceContext.Registration[] {queueWatch, pollDeadline, expiryDeadline}) {
            if (r != null) {
                r.close();
            }
        }
        queueWatch = pollDeadline = expiryDeadline = null;
        if (notifications != null) {
            notifications.close();
            notifications = null;
        }
    }
}
