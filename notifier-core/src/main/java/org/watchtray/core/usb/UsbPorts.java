package org.watchtray.core.usb;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * USB device naming: "1-1.2" is port 2 of the hub on port 1 of bus 1's root hub; "usb1" is the
 * root hub; "1-1.2:1.0" an interface; "usb1-port3" and "1-1-port2" are hub port devices; the
 * hub interface "1-0:1.0" belongs to the root hub of bus 1.
 */
final class UsbPorts {
    private static final Pattern ROOT_PORT = Pattern.compile("usb(\\d+)-port(\\d+)");
    private static final Pattern HUB_PORT = Pattern.compile("(\\d+-\\d+(?:\\.\\d+)*)-port(\\d+)");
    private static final Pattern DEVICE = Pattern.compile("(\\d+)-(\\d+(?:\\.\\d+)*)(?::\\d+\\.\\d+)?");
    private static final Pattern ROOT = Pattern.compile("usb\\d+");

    private UsbPorts() {
    }

    /**
     * The device name a kernel device name stands for: port devices become the child they
     * serve ("usb1-port3" → "1-3"), interfaces their device ("1-1:1.0" → "1-1"); a root hub
     * ("1-0:1.0", "usb1") stays "usb1". {@code portNumber} (from "on port N" in old hub
     * messages) selects a port of a hub interface. Null when the name is not a USB name.
     */
    static String portOf(String kernelName, int portNumber) {
        Matcher m = ROOT_PORT.matcher(kernelName);
        if (m.matches()) {
            return m.group(1) + "-" + m.group(2);
        }
        m = HUB_PORT.matcher(kernelName);
        if (m.matches()) {
            return m.group(1) + "." + m.group(2);
        }
        m = DEVICE.matcher(kernelName);
        if (m.matches()) {
            boolean root = m.group(2).equals("0");
            String device = root ? "usb" + m.group(1) : m.group(1) + "-" + m.group(2);
            if (portNumber > 0) {
                return root ? m.group(1) + "-" + portNumber : device + "." + portNumber;
            }
            return device;
        }
        return ROOT.matcher(kernelName).matches() ? kernelName : null;
    }

    static boolean isPortDevice(String kernelName) {
        return ROOT_PORT.matcher(kernelName).matches() || HUB_PORT.matcher(kernelName).matches();
    }

    /** The closest common ancestor of device names ("2-1", "2-1.3" → "2-1"); "usb" across buses. */
    static String commonAncestor(List<String> ports) {
        String bus = null;
        String[] common = null;
        for (String port : ports) {
            Matcher m = DEVICE.matcher(port);
            if (!m.matches()) {
                return "usb";
            }
            String[] path = m.group(2).split("\\.");
            if (bus == null) {
                bus = m.group(1);
                common = path;
            } else if (!bus.equals(m.group(1))) {
                return "usb";
            } else {
                int n = 0;
                while (n < common.length && n < path.length && common[n].equals(path[n])) {
                    n++;
                }
                common = java.util.Arrays.copyOf(common, n);
            }
        }
        if (bus == null) {
            return "usb";
        }
        return common.length == 0 ? "usb" + bus : bus + "-" + String.join(".", common);
    }
}
