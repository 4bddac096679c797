package org.watchtray.app.desktop.appearance;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.errors.UnknownMethod;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.CallbackHandler;
import org.freedesktop.dbus.types.Variant;
import org.watchtray.app.desktop.dbus.PortalSettings;

/**
 * The desktop's colour-scheme preference from the XDG desktop portal
 * ({@code org.freedesktop.appearance color-scheme}), and its changes as they happen
 * ({@code SettingChanged}). Nothing here blocks: the question is sent with a callback, so a
 * portal that is absent, still being started by D-Bus activation, or stuck never holds up
 * watchtray's start. {@link #answered()} tells within {@link #PATIENCE} whether the portal
 * answered; an answer that comes later still counts.
 *
 * <p>Asks {@code ReadOne} (portal version 2) first and falls back to {@code Read} (version 1,
 * which wraps the value in one more variant) when the portal does not know it.
 */
public final class PortalColorScheme implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PortalColorScheme.class.getName());
    /** How long the portal has to answer before watchtray follows GTK's settings instead. */
    public static final Duration PATIENCE = Duration.ofMillis(500);

    private final DBusConnection bus;
    private final Consumer<SchemePreference> answers;
    private final CompletableFuture<Boolean> answered = new CompletableFuture<>();
    private AutoCloseable changes;

    private PortalColorScheme(DBusConnection bus, Consumer<SchemePreference> answers) {
        this.bus = bus;
        this.answers = answers;
    }

    /**
     * Listens for changes and sends the first question; returns at once.
     *
     * @param answers gets every preference the portal states (on a D-Bus thread)
     */
    public static PortalColorScheme start(DBusConnection bus, Consumer<SchemePreference> answers) {
        PortalColorScheme p = new PortalColorScheme(Objects.requireNonNull(bus), Objects.requireNonNull(answers));
        try {
            p.changes = bus.addSigHandler(PortalSettings.SettingChanged.class, s -> {
                if (PortalSettings.APPEARANCE.equals(s.namespace()) && PortalSettings.COLOR_SCHEME.equals(s.key())) {
                    p.accept(s.value());
                }
            });
        } catch (DBusException e) {
            LOG.log(Level.INFO, "cannot follow colour-scheme changes: {0}", e.getMessage());
        }
        p.answered.completeOnTimeout(false, PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        p.ask("ReadOne");
        return p;
    }

    /** Completes within {@link #PATIENCE}: true when the portal answered, false when it was absent, failed or slow. */
    public CompletableFuture<Boolean> answered() {
        return answered;
    }

    private void ask(String method) {
        try {
            PortalSettings remote = bus.getRemoteObject(PortalSettings.BUS_NAME, PortalSettings.OBJECT_PATH, PortalSettings.class);
            bus.callWithCallback(remote, method, new CallbackHandler<Variant<?>>() {
                @Override
                public void handle(Variant<?> value) {
                    accept(value);
                }

                @Override
                public void handleError(DBusExecutionException e) {
                    if (method.equals("ReadOne") && e instanceof UnknownMethod) {
                        ask("Read");
                        return;
                    }
                    LOG.log(Level.DEBUG, "no colour scheme from the desktop portal: {0}", e.getMessage());
                    answered.complete(false);
                }
            }, PortalSettings.APPEARANCE, PortalSettings.COLOR_SCHEME);
        } catch (DBusException | RuntimeException e) {
            LOG.log(Level.DEBUG, "cannot ask the desktop portal: {0}", e.toString());
            answered.complete(false);
        }
    }

    private void accept(Object value) {
        Object v = value;
        while (v instanceof Variant<?> var) {
            v = var.getValue();
        }
        if (!(v instanceof Number n)) {
            LOG.log(Level.DEBUG, "the desktop portal''s color-scheme is not a number: {0}", value);
            answered.complete(false);
            return;
        }
        // The answer is delivered before "answered" says so: whoever waits on it sees the scheme.
        answers.accept(SchemePreference.fromPortal(n.longValue()));
        answered.complete(true);
    }

    @Override
    public void close() {
        if (changes != null) {
            try {
                changes.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "removing the SettingChanged handler: {0}", e.toString());
            }
        }
    }
}
