package org.watchtray.core.keys;

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
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.os.OsException;
import org.watchtray.core.record.RecordEvents;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.Cadence;
import org.watchtray.core.source.Reconfigurable;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;

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

    /** Supplies the text of /proc/keys; injectable so a test can hand over recorded text. */
    @FunctionalInterface
    public interface ProcKeysText {
        String read() throws IOException;
    }

    private final Keyctl keyctl;
    private final NotificationQueue.Opener queues;
    private final KeyReader reader;
    private final int queueNotes;
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

    /** The desktop source: reads the real /proc/keys. */
    public KeySource(Keyctl keyctl, NotificationQueue.Opener queues, Settings.Keys settings) {
        this(keyctl, queues, settings, () -> Files.readString(PROC_KEYS), DEFAULT_QUEUE_NOTES);
    }

    /** With an injectable /proc/keys and queue size (a tiny queue lets a test provoke loss). */
    public KeySource(Keyctl keyctl, NotificationQueue.Opener queues, Settings.Keys settings, ProcKeysText procKeys, int queueNotes) {
        this.keyctl = Objects.requireNonNull(keyctl);
        this.queues = Objects.requireNonNull(queues);
        this.settings = Objects.requireNonNull(settings);
        this.reader = new KeyReader(keyctl, procKeys);
        this.queueNotes = queueNotes;
    }

    @Override
    public SourceId id() {
        return SourceId.KEYS;
    }

    @Override
    public SourceStatus start(SourceContext ctx) {
        this.context = ctx;
        List<String> problems = new ArrayList<>();
        userMask = KeySubtypes.userMask(settings.subtypes(), problems);
        tracker = new KeyTracker(reader::lookup, settings.expiryWarning());
        tracker.setRings(reader.resolveRings(settings.watchKeyrings(), problems));
        try {
            notifications = KeyNotifications.open(queues, queueNotes, userMask, keyctl, tracker,
                    new RecordEvents(ctx.clock(), SourceId.KEYS));
            queueWatch = ctx.watch(notifications.fd(), SourceContext.READABLE, bits -> onQueueReadable());
        } catch (KeyNotifications.Unusable e) {
            fallbackReason = e.getMessage();
        }
        setupProblems = List.copyOf(problems);
        try {
            refresh(false);
        } catch (UncheckedIOException e) {
            String why = "cannot read /proc/keys: " + e.getCause().getMessage();
            if (notifications == null) {
                return SourceStatus.unavailable(SourceId.KEYS, why);
            }
            setupProblems = append(setupProblems, "no expiry warnings: " + why);
        }
        if (notifications == null) {
            schedulePoll();
        }
        return currentStatus();
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

    // ---- the notification queue ----

    private void onQueueReadable() throws Exception {
        KeyNotifications.Drained d = notifications.drain(context.clock().instant());
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
        // On the interval's grid: due with the Kerberos source's look for a missing cache (same interval), one wakeup for both.
        pollDeadline = context.schedule(Cadence.next(context.clock().instant(), settings.pollInterval()), () -> {
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
            s = reader.snapshot(context.clock(), tracker.rings().keySet(), tracker.followed());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant now = context.clock().instant();
        reportParseProblems(s, now);
        KeyTracker.Changes changes = tracker.diff(s, now, report);
        if (notifications != null) {
            notifications.follow(changes);
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
        userMask = KeySubtypes.userMask(k.subtypes(), problems);
        tracker.warningLead(k.expiryWarning());
        if (notifications != null && !k.subtypes().equals(old.subtypes())) {
            try {
                notifications.filter(userMask);
            } catch (OsException e) {
                problems.add("kernel filter not changed: " + e.getMessage());
            }
        }
        if (k.watchKeyrings().equals(old.watchKeyrings())) {
            checkExpiry();
        } else {
            rewatch(k.watchKeyrings(), problems);
        }
        if (notifications == null && !k.pollInterval().equals(old.pollInterval())) {
            schedulePoll();
        }
        setupProblems = List.copyOf(problems);
        context.statusChanged(currentStatus());
    }

    /** A new watch list: the old keyrings' changes are reported first, the new ones' members learned, not reported as links. */
    private void rewatch(List<String> watchKeyrings, List<String> problems) {
        if (notifications == null) {
            refresh(true);
        }
        Map<Integer, String> rings = reader.resolveRings(watchKeyrings, problems);
        KeyTracker.Changes c = tracker.setRings(rings);
        if (notifications != null) {
            notifications.unwatch(c.unfollowed());
            try {
                notifications.watchRings(rings);
            } catch (OsException e) {
                problems.add(e.getMessage());
            }
        }
        refresh(false);
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
