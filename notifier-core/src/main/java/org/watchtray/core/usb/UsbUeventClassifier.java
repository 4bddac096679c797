package org.watchtray.core.usb;

import java.time.Instant;
import java.util.Optional;
import org.watchtray.core.usb.UsbEvent.Change;
import org.watchtray.core.usb.Uevent;

/**
 * Classifies uevents about USB devices: a usb_device added or removed (root hubs are
 * controllers, not something a user plugs, and are left out), and the hub's "change" event
 * carrying {@code OVER_CURRENT_PORT}/{@code OVER_CURRENT_COUNT} (drivers/usb/core/hub.c).
 */
public final class UsbUeventClassifier {

    /**
     * @param productName the device's product string from sysfs, when the caller could read it
     */
    public Optional<UsbOccurrence> classify(Uevent u, String productName, Instant time) {
        if (!u.subsystem().equals("usb")) {
            return Optional.empty();
        }
        String overCurrentPort = u.get("OVER_CURRENT_PORT");
        if (u.action().equals("change") && !overCurrentPort.isEmpty()) {
            String port = UsbPorts.portOf(overCurrentPort, 0);
            String count = u.get("OVER_CURRENT_COUNT");
            return Optional.of(new UsbOccurrence(time, Change.OVER_CURRENT, port == null ? overCurrentPort : port, "",
                    count.isEmpty() ? "over-current" : "over-current, " + count + " so far on this port", 0));
        }
        if (!u.devtype().equals("usb_device")) {
            return Optional.empty();
        }
        String name = u.deviceName();
        String port = UsbPorts.portOf(name, 0);
        if (port == null || port.startsWith("usb")) {
            return Optional.empty();
        }
        String product = productName == null || productName.isBlank() ? vendorProduct(u.get("PRODUCT")) : productName.strip();
        return switch (u.action()) {
            case "add" -> Optional.of(new UsbOccurrence(time, Change.ADDED, port, product, "", 0));
            case "remove" -> Optional.of(new UsbOccurrence(time, Change.REMOVED, port, product, "", 0));
            default -> Optional.empty();
        };
    }

    /** "1d6b/104/0" (hex, no padding) → "1d6b:0104"; "" when absent or odd. */
    static String vendorProduct(String product) {
        String[] f = product.split("/");
        if (f.length < 2 || f[0].isEmpty() || f[1].isEmpty() || f[0].length() > 4 || f[1].length() > 4
                || !f[0].matches("[0-9a-fA-F]+") || !f[1].matches("[0-9a-fA-F]+")) {
            return "";
        }
        return "0".repeat(4 - f[0].length()) + f[0] + ":" + "0".repeat(4 - f[1].length()) + f[1];
    }
}
