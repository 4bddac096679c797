package org.watchtray.app.desktop;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.XdgPaths;

/**
 * The session bus of the user's desktop: {@code $DBUS_SESSION_BUS_ADDRESS}, or the systemd
 * user bus at {@code $XDG_RUNTIME_DIR/bus}. No bus means no tray item, no desktop toasts and no
 * single-instance check; the app still runs with its fallbacks.
 */
public final class SessionBus {
    private static final System.Logger LOG = System.getLogger(SessionBus.class.getName());

    private SessionBus() {
    }

    /** The bus address this session offers, if any. */
    public static Optional<String> address(Environment env) {
        Optional<String> explicit = env.get("DBUS_SESSION_BUS_ADDRESS");
        if (explicit.isPresent()) {
            return explicit;
        }
        Path runtime = new XdgPaths(env).runtimeDir();
        if (runtime != null && Files.exists(runtime.resolve("bus"))) {
            return Optional.of("unix:path=" + runtime.resolve("bus"));
        }
        return Optional.empty();
    }

    /** A private connection to the session bus, or empty (logged once) when there is none. */
    public static Optional<DBusConnection> connect(Environment env) {
        Optional<String> address = address(env);
        if (address.isEmpty()) {
            LOG.log(Level.WARNING, "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset, no $XDG_RUNTIME_DIR/bus): "
                    + "no tray item, toasts shown inside watchtray");
            return Optional.empty();
        }
        try {
            return Optional.of(DBusConnectionBuilder.forAddress(address.get()).withShared(false).build());
        } catch (DBusException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot connect to the session bus at {0}: {1}", address.get(), e.getMessage());
            return Optional.empty();
        }
    }
}
