package org.watchtray.app.desktop.notify;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.pipeline.EventSink;
import org.watchtray.core.settings.Settings;

/**
 * Turns the hub's events into toasts: asks the {@link ToastPolicy}, shows, replaces or withdraws
 * through the first toaster that is available (the desktop's server, else the in-app fallback),
 * and carries out the toast's buttons. Everything happens on one thread of its own, so a slow
 * notification server never holds up the backend or the UI, and the policy needs no locks.
 */
public final class ToastCenter implements EventSink, Toaster.Listener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ToastCenter.class.getName());
    /** How long quitting waits for the server to take the toasts away. */
    private static final java.time.Duration WITHDRAW_AT_CLOSE = java.time.Duration.ofSeconds(3);

    /** What the toast buttons do in the rest of the app. Called on the toast thread; must not block. */
    public interface Actions {
        /** Open the main window at {@code event} (null: just the timeline). */
        void showInTimeline(Event event);

        /** Renew the ticket now; the outcome arrives as a RENEWED or RENEW_FAILED event. */
        void renew(CredentialEvent ticket);

        /** Turn this source's toasts off in the settings. */
        void mute(SourceId source);

        /** Whether {@link #renew} can do anything here (no Renew button otherwise). */
        default boolean canRenew() {
            return true;
        }
    }

    private record Shown(Toaster toaster, long id, Toast toast) {
    }

    private record Ref(Toaster toaster, long id) {
    }

    private final ToastPolicy policy;
    private final List<Toaster> toasters;
    private final Actions actions;
    private final Clock clock;
    private final ExecutorService thread;
    private final Map<ToastKey, Shown> shown = new LinkedHashMap<>();
    private final Map<Ref, ToastKey> byId = new HashMap<>();

    /** @param toasters in order of preference; the first available one is used */
    private ToastCenter(ToastPolicy policy, List<Toaster> toasters, Actions actions, Clock clock) {
        this.policy = Objects.requireNonNull(policy);
        this.toasters = List.copyOf(toasters);
        this.actions = Objects.requireNonNull(actions);
        this.clock = Objects.requireNonNull(clock);
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "watchtray-toasts");
            t.setDaemon(true);
            return t;
        });
    }

    /** A toast center listening to its toasters' clicks and closes. */
    public static ToastCenter start(ToastPolicy policy, List<Toaster> toasters, Actions actions, Clock clock) {
        ToastCenter c = new ToastCenter(policy, toasters, actions, clock);
        toasters.forEach(t -> t.listen(c));
        return c;
    }

    @Override
    public void accept(List<Event> batch) {
        submit(() -> batch.forEach(this::handle));
    }

    public void settings(Settings s) {
        submit(() -> {
            policy.settings(s);
            for (SourceId id : SourceId.values()) {
                if (!s.rules(id).toasts()) {
                    withdrawAll(id);
                }
            }
        });
    }

    /** What the history already holds (read at start): warnings it shows were given are not given again. */
    public void alreadySaid(List<Event> past) {
        List<Event> copy = List.copyOf(past);
        submit(() -> policy.alreadySaid(copy));
    }

    public void doNotDisturbUntil(Instant until) {
        submit(() -> policy.doNotDisturbUntil(until));
    }

    /**
     * A notification server took the name (dunst restarted): toasts the app showed itself
     * meanwhile move to it, so the two never overlap and the server's own rules apply again.
     */
    public void serverAppeared() {
        submit(() -> {
            if (!(toasters.getFirst() instanceof DbusToaster server) || !server.probe()) {
                return;
            }
            for (Shown s : List.copyOf(shown.values())) {
                if (s.toaster() != server) {
                    show(s.toast(), false);   // on the server; the in-app one is closed
                }
            }
        });
    }

    /** A message from watchtray itself (a settings problem): shown directly, once. */
    public void notice(String title, String body, Urgency urgency) {
        ToastKey key = new ToastKey(SourceId.META, "notice:" + title, false);
        submit(() -> show(policy.content().notice(key, title, body, urgency), false));
    }

    /** Runs {@code work} on the toast thread; after {@link #close()} late clicks and closes are dropped. */
    private void submit(Runnable work) {
        try {
            thread.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            LOG.log(Level.DEBUG, "toasts are closed; dropped a late callback");
        }
    }

    /** Completes once everything handed to the toast thread so far has been done. */
    public CompletableFuture<Void> idle() {
        return CompletableFuture.runAsync(() -> { }, thread);
    }

    private void handle(Event e) {
        try {
            switch (policy.decide(e, clock.instant())) {
                case ToastPolicy.Decision.Show s -> show(s.toast(), s.replaces());
                case ToastPolicy.Decision.Withdraw w -> withdraw(w.key());
                case ToastPolicy.Decision.Hold h -> LOG.log(Level.DEBUG, "no toast for {0}: {1}", e.name(), h.reason());
            }
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "toast for " + e.name() + " failed", ex);
        }
    }

    private void show(Toast offered, boolean replaces) {
        Toast toast = actions.canRenew() ? offered : offered.without(ToastAction.RENEW);
        Shown before = shown.get(toast.key());
        for (Toaster t : toasters) {
            if (!t.available() && !(t instanceof DbusToaster d && d.probe())) {
                continue;
            }
            long replacing = 0;
            if (before != null) {
                if (replaces && before.toaster() == t) {
                    replacing = before.id();
                } else {
                    before.toaster().close(before.id());
                }
                byId.remove(new Ref(before.toaster(), before.id()));
            }
            try {
                long id = t.show(toast, replacing);
                shown.put(toast.key(), new Shown(t, id, toast));
                byId.put(new Ref(t, id), toast.key());
                return;
            } catch (Toaster.ToasterException ex) {
                LOG.log(Level.INFO, "{0} failed, trying the next: {1}", t.describe(), ex.getMessage());
                before = null;
            }
        }
        // No toaster at all: the event is in the timeline, which is always there.
        policy.closed(toast.key());
    }

    private void withdraw(ToastKey key) {
        Shown s = shown.remove(key);
        if (s != null) {
            byId.remove(new Ref(s.toaster(), s.id()));
            s.toaster().close(s.id());
        }
    }

    private void withdrawAll(SourceId source) {
        for (ToastKey key : List.copyOf(shown.keySet())) {
            if (key.source() == source) {
                withdraw(key);
                policy.closed(key);
            }
        }
    }

    @Override
    public void actionInvoked(Toaster from, long id, ToastAction action) {
        submit(() -> {
            ToastKey key = byId.get(new Ref(from, id));
            Shown s = key == null ? null : shown.get(key);
            if (s == null) {
                return;
            }
            Event event = s.toast().event();
            switch (action) {
                case SHOW -> {
                    actions.showInTimeline(event);
                    dismiss(key);
                }
                case RENEW -> {
                    if (event instanceof CredentialEvent c) {
                        actions.renew(c);
                    }
                }
                case SNOOZE -> {
                    if (event != null) {
                        policy.snooze(key, event.severity(), clock.instant().plus(ToastContent.SNOOZE));
                    }
                    dismiss(key);
                }
                case MUTE -> {
                    actions.mute(key.source());
                    withdrawAll(key.source());
                }
            }
        });
    }

    /** The user dealt with the toast: take it off the screen (some servers keep it after an action). */
    private void dismiss(ToastKey key) {
        withdraw(key);
        policy.closed(key);
    }

    @Override
    public void closed(Toaster from, long id) {
        submit(() -> {
            ToastKey key = byId.remove(new Ref(from, id));
            if (key != null) {
                shown.remove(key);
                policy.closed(key);
            }
        });
    }

    /**
     * Withdraws every toast still on screen (a toast left behind after Quit would offer buttons
     * nobody answers), waiting a moment for the server, then stops the toast thread.
     */
    @Override
    public void close() {
        try {
            thread.submit(() -> List.copyOf(shown.keySet()).forEach(this::dismiss)).get(WITHDRAW_AT_CLOSE.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException | java.util.concurrent.ExecutionException
                 | java.util.concurrent.TimeoutException e) {
            LOG.log(Level.DEBUG, "toasts not withdrawn at close: {0}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
    }
}
