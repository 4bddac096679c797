package org.watchtray.core.usb;

import org.watchtray.core.parse.Numbers;
import java.util.Map;

/**
 * One uevent (wire-formats §5.2) as the kernel (netlink group 1) or systemd-udevd (group 2,
 * "libudev" framing) sent it.
 *
 * @param origin     which framing it came in
 * @param action     add, remove, change, move, online, offline, bind, unbind
 * @param devpath    the sysfs path below /sys ("/devices/platform/dummy_hcd.0/usb1/1-1")
 * @param properties every KEY=VALUE in order (ACTION, DEVPATH, SUBSYSTEM, …, SEQNUM)
 */
public record Uevent(Origin origin, String action, String devpath, Map<String, String> properties) {

    public enum Origin { KERNEL, UDEV }

    public Uevent {
        properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    }

    public String subsystem() {
        return properties.getOrDefault("SUBSYSTEM", "");
    }

    public String devtype() {
        return properties.getOrDefault("DEVTYPE", "");
    }

    public String get(String key) {
        return properties.getOrDefault(key, "");
    }

    /** The kernel's sequence number, -1 when absent or not a number. */
    public long seqnum() {
        Long n = Numbers.unsignedDecimal(get("SEQNUM"));
        return n == null ? -1 : n;
    }

    /** The last path element: the kernel's device name ("1-1", "1-1:1.0", "usb1"). */
    public String deviceName() {
        int slash = devpath.lastIndexOf('/');
        return slash < 0 ? devpath : devpath.substring(slash + 1);
    }
}
