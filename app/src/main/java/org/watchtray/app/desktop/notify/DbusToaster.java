package org.watchtray.app.desktop.notify;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.watchtray.app.desktop.dbus.Notifications;

/**
 * Toasts through the desktop's notification server ({@code org.freedesktop.Notifications}).
 * Asks the server what it supports before offering buttons or markup; sends urgency as the
 * byte hint the spec requires (an int32 is silently ignored by some servers); listens to
 * {@code ActionInvoked} and {@code NotificationClosed} for its own ids only, since servers
 * broadcast them to every client, and only from the notification server itself: any client of
 * the session bus can emit a signal with that name, and a button like Renew must not be
 * pressed by one. The server is known by its unique bus name, followed through
 * {@code NameOwnerChanged} when it restarts.
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
    private final DBus daemon;
    /** The notification server's unique bus name (":1.42"), or null while none owns the name. */
    private volatile String serverOwner;
    private volatile Runnable serverAppeared = () -> { };
    private volatile Capabilities capabilities = new Capabilities(false, false);
    private volatile boolean available;
    private volatile boolean noButtons;
    private volatile long generation;
    /** The session bus has gone, and the server's toasts with it: nothing is asked of it any more. */
    private volatile boolean busGone;

    /**
     * @param desktopEntry the .desktop file's basename, so the server can find the app's name and icon
     */
    public DbusToaster(DBusConnection bus, String appName, String desktopEntry) throws DBusException {
        this.bus = bus;
        this.appName = appName;
        this.desktopEntry = desktopEntry;
        this.server = bus.getRemoteObject(Notifications.BUS_NAME, Notifications.OBJECT_PATH, Notifications.class, true);
        this.daemon = bus.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
        handlers.add(bus.addSigHandler(DBus.NameOwnerChanged.class, s -> {
            if (Notifications.BUS_NAME.equals(s.name)) {
                if (owner(s.newOwner == null || s.newOwner.isEmpty() ? null : s.newOwner) != null) {
                    serverAppeared.run();
                }
            }
        }));
        probe();
    }

    /** Runs {@code r} (on a D-Bus thread; must not block) when a notification server takes the name. */
    public void onServerAppeared(Runnable r) {
        serverAppeared = Objects.requireNonNull(r);
    }

    /** Whether a signal comes from the notification server, not from some other client of the bus. */
    private boolean fromServer(org.freedesktop.dbus.messages.DBusSignal s) {
        String owner = serverOwner;
        if (owner == null) {
            owner = lookUpOwner();
        }
        if (owner != null && owner.equals(s.getSource())) {
            return true;
        }
        LOG.log(Level.WARNING, "ignored {0} from {1}: only the notification server ({2}) may send it",
                s.getName(), s.getSource(), owner);
        return false;
    }

    /** Asks the bus who owns the notification server's name now. */
    private String lookUpOwner() {
        if (busGone) {
            return serverOwner;
        }
        try {
            return owner(daemon.GetNameOwner(Notifications.BUS_NAME));
        } catch (DBusExecutionException | RejectedExecutionException e) {
            return owner(null); // none now: whatever comes next is a new server
        }
    }

    /** Records the server's unique name; another process on the name is a new server generation. */
    private synchronized String owner(String owner) {
        if (!Objects.equals(owner, serverOwner)) {
            serverOwner = owner;
            generation++;
        }
        return owner;
    }

    @Override
    public void listen(Listener listener) {
        Objects.requireNonNull(listener);
        try {
            handlers.add(bus.addSigHandler(Notifications.ActionInvoked.class, s -> {
                ToastAction action = ToastAction.fromKey(s.actionKey());
                long id = ours(s.id());
                if (action != null && mine.contains(id) && fromServer(s)) {
                    listener.actionInvoked(this, id, action);
                }
            }));
            handlers.add(bus.addSigHandler(Notifications.NotificationClosed.class, s -> {
                long id = ours(s.id());
                if (mine.contains(id) && fromServer(s) && mine.remove(id)) {
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
        if (busGone) {
            return false;
        }
        try {
            List<String> caps = server.GetCapabilities();
            capabilities = new Capabilities(caps.contains("actions") && !noButtons, caps.contains("body-markup"));
            available = true;
            lookUpOwner();
        } catch (DBusExecutionException | RejectedExecutionException e) {
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
        if (busGone) {
            throw new ToasterException("the session bus has gone, and the notification server with it", null);
        }
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
        } catch (DBusExecutionException | RejectedExecutionException e) {
            available = false;
            throw new ToasterException("the notification server did not take the toast: " + e.getMessage(), e);
        }
    }

    @Override
    public void close(long id) {
        if (!mine.contains(id)) {
            return;
        }
        if (busGone) {
            mine.remove(id); // the server (or the session) that showed it has gone, and the toast with it
            return;
        }
        if (id >>> 32 != generation()) {
            mine.remove(id); // shown by a server that has gone; the new one's same number is someone else's
            return;
        }
        try {
            server.CloseNotification(new UInt32(id & 0xFFFF_FFFFL));
        } catch (DBusExecutionException | RejectedExecutionException e) {
            // Already gone (expired or dismissed); the spec answers an unknown id with an error.
            mine.remove(id);
        }
    }

    @Override
    public String describe() {
        return "desktop notification server";
    }

    /**
     * The session bus has gone (the session is ending): no more calls to it. A call on the
     * connection dbus-java is tearing down would wait 20 s for a reply that never comes, or be
     * rejected with an unchecked {@link RejectedExecutionException}; the toasts went with the bus.
     */
    public void busGone() {
        busGone = true;
        available = false;
    }

    /** Our id for a number the current server sent in a signal. */
    private long ours(long serverId) {
        return generation << 32 | serverId;
    }

    /**
     * Which server this is (a new one each time another process takes the name), asked of the
     * bus before each toast: its NameOwnerChanged signal may come after our next call.
     */
    private long generation() {
        lookUpOwner();
        return generation;
    }

    @Override
    public void close() {
        if (busGone) {
            return; // the match rules went with the bus
        }
        for (AutoCloseable h : handlers) {
            try {
                h.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "removing a signal handler failed", e);
            }
        }
    }
}
