package org.watchtray.app.desktop.dbus;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.Variant;

/** The XDG desktop portal's Settings interface, as a client sees it. */
@DBusInterfaceName("org.freedesktop.portal.Settings")
public interface PortalSettings extends DBusInterface {
    String BUS_NAME = "org.freedesktop.portal.Desktop";
    String OBJECT_PATH = "/org/freedesktop/portal/desktop";
    String APPEARANCE = "org.freedesktop.appearance";
    /** {@code u}: 0 no preference, 1 prefer dark, 2 prefer light. */
    String COLOR_SCHEME = "color-scheme";

    /** Version 2 of the interface (xdg-desktop-portal 1.17+): the value itself. */
    Variant<?> ReadOne(String namespace, String key);

    /** Version 1, which every portal has: the value wrapped in one more variant. */
    Variant<?> Read(String namespace, String key);

    /** A setting changed; sent for every namespace, so receivers filter. */
    class SettingChanged extends DBusSignal {
        private final String namespace;
        private final String key;
        private final Variant<?> value;

        public SettingChanged(String path, String namespace, String key, Variant<?> value) throws DBusException {
            super(path, namespace, key, value);
            this.namespace = namespace;
            this.key = key;
            this.value = value;
        }

        public String namespace() {
            return namespace;
        }

        public String key() {
            return key;
        }

        public Variant<?> value() {
            return value;
        }
    }
}
