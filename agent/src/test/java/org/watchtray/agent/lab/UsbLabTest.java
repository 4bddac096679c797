package org.watchtray.agent.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.watchtray.nativeaccess.lab.KernelLab;

/** A virtual USB stick (dummy_hcd + configfs gadget) in the kernel lab VM: plug, reset, unplug, read by the agent, decided by a desktop. One boot. */
class UsbLabTest {
    private static final Pattern USB = Pattern.compile("U \\d+ USB (\\w+) port=(\\S+) product=(.*) errno=(-?\\d+) count=(\\d+) \\| (.*)");

    record Usb(String change, String port, String product, int count, String summary) {
    }

    @Test
    void plugResetAndUnplugArriveAsUsbEvents() throws Exception {
        KernelLab.Result r = KernelLab.java("", UsbLab.class, 600);
        String out = r.output();
        System.out.println(r.describe());
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(out.contains("DONE"), r.describe());
        assertTrue(out.lines().anyMatch(l -> l.matches("U \\d+ STATUS usb: via watchtray-agent: /dev/kmsg records with SUBSYSTEM=usb"
                + " \\+ NETLINK_KOBJECT_UEVENT group 1")), "both the kernel log and uevents are read:\n" + out);
        List<Usb> events = out.lines().map(USB::matcher).filter(Matcher::matches)
                .map(m -> new Usb(m.group(1), m.group(2), m.group(3), Integer.parseInt(m.group(5)), m.group(6))).toList();
        assertEquals(List.of(
                new Usb("ADDED", "1-1", "Test Stick", 1, "USB 1-1 (Test Stick) connected"),
                new Usb("RESET", "1-1", "Test Stick", 1, "USB 1-1 (Test Stick) was reset"),
                new Usb("REMOVED", "1-1", "Test Stick", 1, "USB 1-1 (Test Stick) removed"),
                new Usb("ADDED", "1-1", "Test Stick", 1, "USB 1-1 (Test Stick) connected")), events,
                "one event per happening (the kernel log's disconnect and the remove uevent merged), up to the second stick:\n" + out);
    }
}
