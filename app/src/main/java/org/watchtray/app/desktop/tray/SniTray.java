package org.watchtray.app.desktop.tray;

import java.lang.System.Logger.Level;
import java.time.ZoneId;
import org.watchtray.app.text.EventText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.watchtray.app.desktop.dbus.DBusMenu;
import org.watchtray.app.desktop.dbus.StatusNotifierItem;
import org.watchtray.app.desktop.dbus.StatusNotifierWatcher;

/**
 * The tray icon as a StatusNotifierItem: exports the item at {@code /StatusNotifierItem} and its
 * menu at {@code /MenuBar}, owns {@code org.kde.StatusNotifierItem-<pid>-1}, registers with the
 * session's {@code org.kde.StatusNotifierWatcher} and registers again whenever a watcher
 * (re)appears. State changes go out as NewIcon / NewToolTip / NewStatus and LayoutUpdated, only
 * for what changed.
 */
public final class SniTray implements Tray {
    private static final System.Logger LOG = System.getLogger(SniTray.class.getName());

    private final DBusConnection bus;
    private final String busName;
    private final SniItem item;
    private final SniMenu menu;
    private final EventText words;
    private final List<AutoCloseable> handles = new ArrayList<>();
    private TrayState shown;
    /** The tooltip as last announced: its times may read otherwise for the same state once the time zone changed. */
    private String shownTooltip;
    private TrayLook look;

    private SniTray(DBusConnection bus, String busName, SniItem item, SniMenu menu, EventText words, TrayState initial) {
        this.bus = bus;
        this.words = words;
        this.busName = busName;
        this.item = item;
        this.menu = menu;
        this.shown = initial;
        this.shownTooltip = initial.tooltip(words.messages());
    }

    /** Whether a StatusNotifierWatcher is on the bus (no watcher: no SNI tray in this session). */
    public static boolean watcherPresent(DBusConnection bus) {
        try {
            return bus.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class)
                    .NameHasOwner(StatusNotifierWatcher.BUS_NAME);
        } catch (DBusException | DBusExecutionException e) {
            return false;
        }
    }

    /** Whether a host (a panel that draws items) has told the watcher it is there. */
    public static boolean hostRegistered(DBusConnection bus) {
        try {
            Object v = bus.getRemoteObject(StatusNotifierWatcher.BUS_NAME, StatusNotifierWatcher.OBJECT_PATH, Properties.class)
                    .Get(StatusNotifierWatcher.BUS_NAME, "IsStatusNotifierHostRegistered");
            return Boolean.TRUE.equals(v instanceof Variant<?> var ? var.getValue() : v);
        } catch (DBusException | DBusExecutionException e) {
            return false;
        }
    }

    /**
     * Exports and registers the item, or returns empty (with the reason logged) when the session
     * has no watcher or registration fails.
     */
    public static Optional<SniTray> start(DBusConnection bus, TrayModel model, TrayActions actions, ZoneId zone, long pid) {
        return start(bus, model, actions, new EventText(org.watchtray.app.text.Messages.english(zone)), pid, TrayLook.COLOR);
    }

    /** As {@link #start(DBusConnection, TrayModel, TrayActions, ZoneId, long)}, drawn in {@code look}, in the user's language. */
    public static Optional<SniTray> start(DBusConnection bus, TrayModel model, TrayActions actions, EventText words, long pid,
                                          TrayLook look) {
        if (!watcherPresent(bus)) {
            return Optional.empty();
        }
        TrayState initial = model.state();
        SniItem item = new SniItem(initial, look, new IconPixmaps(), actions, words);
        SniTray[] self = new SniTray[1];
        SniMenu menu = new SniMenu(initial, actions, words, revision -> self[0].send(
                () -> new DBusMenu.LayoutUpdated(DBusMenu.OBJECT_PATH, new UInt32(revision), 0)));
        String name = "org.kde.StatusNotifierItem-" + pid + "-1";
        SniTray tray = new SniTray(bus, name, item, menu, words, initial);
        tray.look = look;
        self[0] = tray;
        try {
            bus.exportObject(DBusMenu.OBJECT_PATH, menu);
            bus.exportObject(StatusNotifierItem.OBJECT_PATH, item);
            bus.requestBusName(name);
            tray.handles.add(bus.addSigHandler(DBus.NameOwnerChanged.class, s -> {
                if (StatusNotifierWatcher.BUS_NAME.equals(s.name) && !s.newOwner.isEmpty()) {
                    // Not on dbus-java's signal thread (a blocking call there can stall), and with
                    // retries: a freshly started watcher may own its name before it answers calls.
                    Thread.ofVirtual().name("sni-reregister").start(tray::registerWithRetries);
                }
            }));
            tray.register();
        } catch (DBusException | DBusExecutionException e) {
            LOG.log(Level.INFO, "StatusNotifierItem registration failed: {0}", e.getMessage());
            tray.close();
            return Optional.empty();
        }
        tray.handles.add(model.listen(tray::changed));
        return Optional.of(tray);
    }

    private boolean register() {
        try {
            bus.getRemoteObject(StatusNotifierWatcher.BUS_NAME, StatusNotifierWatcher.OBJECT_PATH, StatusNotifierWatcher.class)
                    .RegisterStatusNotifierItem(busName);
            return true;
        } catch (DBusException | DBusExecutionException e) {
            LOG.log(Level.INFO, "registering with the StatusNotifierWatcher failed: {0}", e.toString());
            return false;
        }
    }

    /** Registers with a (re)started watcher, retrying for about six seconds while it settles. */
    private void registerWithRetries() {
        for (int attempt = 0; attempt < 6; attempt++) {
            if (register()) {
                return;
            }
            try {
                Thread.sleep(100L << attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized void changed(TrayState s) {
        TrayState before = shown;
        shown = s;
        item.update(s);
        if (before.icon() != s.icon()) {
            send(() -> new StatusNotifierItem.NewIcon(StatusNotifierItem.OBJECT_PATH));
        }
        String tooltip = s.tooltip(words.messages());
        boolean newTooltip = !tooltip.equals(shownTooltip);
        shownTooltip = tooltip;
        if (newTooltip || before.icon() != s.icon()) {
            send(() -> new StatusNotifierItem.NewToolTip(StatusNotifierItem.OBJECT_PATH));
        }
        if (!before.sniStatus().equals(s.sniStatus())) {
            send(() -> new StatusNotifierItem.NewStatus(StatusNotifierItem.OBJECT_PATH, s.sniStatus()));
        }
        menu.update(s);
    }

    @Override
    public synchronized void look(TrayLook look) {
        if (look.equals(this.look)) {
            return;
        }
        this.look = look;
        item.look(look);
        send(() -> new StatusNotifierItem.NewIcon(StatusNotifierItem.OBJECT_PATH));
        send(() -> new StatusNotifierItem.NewToolTip(StatusNotifierItem.OBJECT_PATH));
    }

    private interface SignalFactory {
        DBusSignal create() throws DBusException;
    }

    private void send(SignalFactory signal) {
        try {
            bus.sendMessage(signal.create());
        } catch (DBusException | DBusExecutionException | RejectedExecutionException e) {
            // Rejected: dbus-java is tearing the connection down (the bus went away); the app is ending.
            LOG.log(Level.DEBUG, "tray signal not sent: {0}", e.getMessage());
        }
    }

    public String busName() {
        return busName;
    }

    @Override
    public boolean onSessionBus() {
        return true;
    }

    @Override
    public String describe() {
        return "StatusNotifierItem " + busName;
    }

    @Override
    public void close() {
        for (AutoCloseable h : handles) {
            try {
                h.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "closing a tray handle failed", e);
            }
        }
        bus.unExportObject(StatusNotifierItem.OBJECT_PATH);
        bus.unExportObject(DBusMenu.OBJECT_PATH);
        try {
            bus.releaseBusName(busName);
        } catch (DBusException | DBusExecutionException | RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "releasing {0} failed: {1}", busName, e.getMessage());
        }
    }
}
