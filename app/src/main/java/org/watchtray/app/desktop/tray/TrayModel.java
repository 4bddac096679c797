package org.watchtray.app.desktop.tray;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.watchtray.app.desktop.Resolutions;
import org.watchtray.app.desktop.notify.ToastKey;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.pipeline.EventSink;
import org.watchtray.icons.Icons;

/**
 * What the tray shows: the worst unacknowledged state, how many objects need attention, the
 * last few events and whether do-not-disturb is on. An object (source + subject) needs
 * attention from its first warning or critical event until the user opens the timeline
 * (acknowledges) or the problem resolves. A source's own status ("agent not installed",
 * "polling /proc/keys") is not an alert: it is in the Sources view and the timeline, as with
 * toasts; a hook that failed is, though (the desktop's own or the agent's): something the user
 * asked for did not happen. Thread-safe; listeners get a new {@link TrayState} only when something they show changed.
 */
public final class TrayModel implements EventSink {
    private final int recentCount;
    private final Map<ToastKey, Severity> attention = new HashMap<>();
    private final ArrayDeque<Event> recent = new ArrayDeque<>();
    private final CopyOnWriteArrayList<Consumer<TrayState>> listeners = new CopyOnWriteArrayList<>();
    private Instant doNotDisturbUntil;
    private String noWindows;
    private long revision;
    private TrayState state;

    public TrayModel(int recentCount) {
        this.recentCount = recentCount;
        this.state = build();
    }

    public synchronized TrayState state() {
        return state;
    }

    public AutoCloseable listen(Consumer<TrayState> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void accept(List<Event> batch) {
        update(() -> {
            for (Event e : batch) {
                ToastKey key = ToastKey.of(e);
                if (Resolutions.resolves(e)) {
                    attention.remove(key);
                } else if (e.severity().atLeast(Severity.WARNING) && (!(e instanceof SourceStatusEvent s) || s.hookTrouble())) {
                    attention.put(key, e.severity());
                }
                if (recent.size() == recentCount) {
                    recent.removeFirst();
                }
                recent.addLast(e);
            }
        });
    }

    /** The user has seen everything (the timeline was opened). */
    public void acknowledge() {
        update(attention::clear);
    }

    /** Do-not-disturb until {@code until}, or off when null. */
    public void doNotDisturbUntil(Instant until) {
        update(() -> doNotDisturbUntil = until);
    }

    /** The app cannot open windows here, and why (no display); the menu says so instead of doing nothing. */
    public void windowsUnavailable(String why) {
        update(() -> noWindows = why);
    }

    /**
     * The system's time zone changed: the same state reads otherwise (the menu's and tooltip's
     * times), so listeners get it again as a new revision and draw it in the new zone.
     */
    public void zoneChanged() {
        TrayState next;
        synchronized (this) {
            revision++;
            state = build();
            next = state;
        }
        listeners.forEach(l -> l.accept(next));
    }

    private void update(Runnable change) {
        TrayState next;
        synchronized (this) {
            change.run();
            TrayState candidate = build();
            if (candidate.sameAs(state)) {
                return;
            }
            revision++;
            state = build();
            next = state;
        }
        listeners.forEach(l -> l.accept(next));
    }

    private TrayState build() {
        Severity worst = attention.values().stream().max(Severity::compareTo).orElse(Severity.INFO);
        int critical = (int) attention.values().stream().filter(s -> s == Severity.CRITICAL).count();
        Icons.State icon = doNotDisturbUntil != null ? Icons.State.PAUSED
                : worst == Severity.CRITICAL ? Icons.State.CRITICAL
                : worst == Severity.WARNING ? Icons.State.WARNING
                : Icons.State.NORMAL;
        return new TrayState(revision, icon, worst, attention.size(), critical, List.copyOf(recent).reversed(), doNotDisturbUntil,
                noWindows);
    }
}
