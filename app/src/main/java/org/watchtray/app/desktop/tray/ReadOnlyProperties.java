package org.watchtray.app.desktop.tray;

import java.util.Map;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.types.Variant;

/**
 * {@code org.freedesktop.DBus.Properties} answers for an exported object whose properties are
 * all read-only and typed explicitly: each value is a {@link Variant} with its signature, so
 * {@code a(iiay)} and structs go out exactly as the spec says. (A helper, not a D-Bus
 * interface, so it does not show up in introspection.)
 */
final class ReadOnlyProperties {
    private ReadOnlyProperties() {
    }

    static Variant<?> get(String ownInterface, Map<String, Variant<?>> properties, String interfaceName, String propertyName) {
        Variant<?> v = mine(ownInterface, interfaceName) ? properties.get(propertyName) : null;
        if (v == null) {
            throw new DBusExecutionException("No such property " + interfaceName + "." + propertyName);
        }
        return v;
    }

    static Map<String, Variant<?>> getAll(String ownInterface, Map<String, Variant<?>> properties, String interfaceName) {
        return mine(ownInterface, interfaceName) ? properties : Map.of();
    }

    static DBusExecutionException readOnly(String propertyName) {
        return new DBusExecutionException("Property " + propertyName + " is read-only");
    }

    private static boolean mine(String ownInterface, String requested) {
        return requested.isEmpty() || requested.equals(ownInterface);
    }
}
