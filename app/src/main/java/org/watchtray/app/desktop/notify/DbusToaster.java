package org.watchtray.app.desktop.notify;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.watchtray.app.desktop.dbus.Notifications;

/**
 * Toasts through the desktop's notification server ({@code org.freedesktop.Notifications}).
 * Asks the server what it supports before offering buttons or markup; sends urgency as the
 * byte hint the spec requires (an int32 is silently ignored by some servers); listens to
 * {@code ActionInvoked} and {@code NotificationClosed} for its own ids only, since servers
 * broadcast them to every client.
 *
 * <p>A restarted server counts its ids from 1 again, so an id is only meaningful together with
 * the server that gave it: the ids handed out here carry the server's generation in their high
 * 32 bits. A toast to replace, or to withdraw, that an earlier server showed is gone with that
 * server; it is shown anew rather than replacing (or closing) the new server's toast that
 * happens to have the same number.
 */
public final class DbusToaster implements Toaster, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DbusToaster.class.getName());

    private final DBusConnection bus;
    private final String appName;
    private final String desktopEntry;
    private final Notifications server;
    private final Set<Long> mine = ConcurrentHashMap.newKeySet();
    private final List<AutoCloseable> handlers = new ArrayList<>();
    private volatile Capabilities capabilities = new Capabilities(false, false);
    private volatile boolean available;
    private volatile boolean noButtons;
    private volatile long generation;
    private String serverOwner;
    private org.freedesktop.dbus.interfaces.DBus daemon;

    /**
     * @param desktopEntry the .desktop file's basename, so the server can find the app's name and icon
     */
    public DbusToaster(DBusConnection bus, String appName, String desktopEntry) throws DBusException {
        this.bus = bus;
        this.appName = appName;
        this.desktopEntry = desktopEntry;
        this.server = bus.getRemoteObject(Notifications.BUS_NAME, Notifications.OBJECT_PATH, Notifications.class, true);
        probe();
    }

    @Override
    public void listen(Listener listener) {
        Objects.requireNonNull(listener);
        try {
            handlers.add(bus.addSigHandler(Notifications.ActionInvoked.class, s -> {
                ToastAction action = ToastAction.fromKey(s.actionKey());
                long id = ours(s.id());
                if (action != null && mine.contains(id)) {
                    listener.actionInvoked(this, id, action);
                }
            }));
            handlers.add(bus.addSigHandler(Notifications.NotificationClosed.class, s -> {
                long id = ours(s.id());
                if (mine.remove(id)) {
                    listener.closed(this, id);
                }
            }));
        } catch (DBusException e) {
            // Without the signals buttons do nothing, so the toasts must not offer them.
            LOG.log(Level.WARNING, "cannot listen to notification signals; toasts will have no buttons", e);
            noButtons = true;
            capabilities = new Capabilities(false, capabilities.bodyMarkup());
        }
    }

    /** Asks the server for its capabilities; false when no server answers. */
    public boolean probe() {
        try {
            List<String> caps = server.GetCapabilities();
            capabilities = new Capabilities(caps.contains("actions") && !noButtons, caps.contains("body-markup"));
            available = true;
        } catch (DBusExecutionException e) {
            LOG.log(Level.DEBUG, "no notification server: {0}", e.getMessage());
            available = false;
        }
        return available;
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public long show(Toast toast, long replaces) throws ToasterException {
        Capabilities caps = capabilities;
        List<String> actions = new ArrayList<>();
        if (caps.actions()) {
            toast.actions().forEach((a, label) -> {
                actions.add(a.key());
                actions.add(label);
            });
        }
        Map<String, Variant<?>> hints = new LinkedHashMap<>();
        hints.put("urgency", new Variant<>(toast.urgency().level()));
        hints.put("category", new Variant<>(toast.category()));
        hints.put("desktop-entry", new Variant<>(desktopEntry));
        // Critical toasts stay until dealt with (the spec's advice); others use the server's default.
        int expire = toast.urgency() == Urgency.CRITICAL ? 0 : -1;
        try {
            long generation = generation();
            // A toast of an earlier server is gone with it: show anew instead of replacing a stranger.
            long replacing = replaces >>> 32 == generation ? replaces & 0xFFFF_FFFFL : 0;
            UInt32 id = server.Notify(appName, new UInt32(replacing), "", toast.title(),
                    BodyText.forServer(toast.body(), caps.bodyMarkup()), actions, hints, expire);
            long ours = generation << 32 | id.longValue();
            mine.add(ours);
            return ours;
        } catch (DBusExecutionException e) {
            available = false;
            throw new ToasterException("the notification server did not take the toast: " + e.getMessage(), e);
        }
    }

    @Override
    public void close(long id) {
        if (!mine.contains(id)) {
            return;
        }
        if (id >>> 32 != generation()) {
            mine.remove(id); // shown by a server that has gone; the new one's same number is someone else's
            return;
        }
        try {
            server.CloseNotification(new UInt32(id & 0xFFFF_FFFFL));
        } catch (DBusExecutionException e) {
            // Already gone (expired or dismissed); the spec answers an unknown id with an error.
            mine.remove(id);
        }
    }

    @Override
    public String describe() {
        return "desktop notification server";
    }

    /** Our id for a number the current server sent in a signal. */
    private long ours(long serverId) {
        return generation << 32 | serverId;
    }

    /** Which server this is (a new one each time another process takes the name), asked of the bus. */
    private synchronized long generation() {
        String owner;
        try {
            if (daemon == null) {
                daemon = bus.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", org.freedesktop.dbus.interfaces.DBus.class);
            }
            owner = daemon.GetNameOwner(Notifications.BUS_NAME);
        } catch (DBusException | DBusExecutionException e) {
            owner = null; // none now: whatever comes next is a new server
        }
        if (!Objects.equals(owner, serverOwner)) {
            serverOwner = owner;
            generation++;
        }
        return generation;
    }

    @Override
    public void close() {
        for (AutoCloseable h : handlers) {
            try {
                h.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "removing a signal handler failed", e);
            }
        }
    }
}
