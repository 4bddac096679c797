package org.watchtray.agent.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.watchtray.agent.AgentConfig;
import org.watchtray.agent.Desktop;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.core.usb.UsbEvent;

/**
 * Runs inside the kernel lab VM: an agent reading USB and a desktop deciding from it; a
 * configfs mass-storage gadget is plugged into dummy_hcd, reset through usbfs (the kernel logs
 * "reset high-speed USB device"), and unplugged. Every event the desktop decides is printed.
 * Exits 1 when an expected event never came.
 */
public final class UsbLab {
    private UsbLab() {
    }

    static final String GADGET = "/sys/kernel/config/usb_gadget/g1";

    /** The kernel lab's example gadget (examples/usb-stick.sh), without binding it yet. */
    static final String CREATE = """
            truncate -s 16M /tmp/usb.img
            mkdir %1$s && cd %1$s && echo 0x1d6b > idVendor && echo 0x0104 > idProduct
            mkdir strings/0x409; echo WT0001 > strings/0x409/serialnumber; echo Example > strings/0x409/manufacturer
            echo "Test Stick" > strings/0x409/product
            mkdir configs/c.1 functions/mass_storage.0
            echo /tmp/usb.img > functions/mass_storage.0/lun.0/file
            ln -s functions/mass_storage.0 configs/c.1/
            """.formatted(GADGET);

    public static void main(String[] args) throws Exception {
        try (LabSubscriber agent = new LabSubscriber(AgentConfig.defaults().withSocket(Path.of("/run/watchtray/u.sock"))
                .onlyUsb(Duration.ofSeconds(2)))) {
            Desktop u = agent.desktop("U", SettingsBuilder.from(Settings.defaults()).usb(new Settings.Usb(Duration.ofMillis(500))).build());
            LabSubscriber.await(u, "the desktop served by the agent",
                    e -> e instanceof org.watchtray.core.event.SourceStatusEvent s && s.status().source() == SourceId.USB
                            && s.status().mechanism().startsWith("via watchtray-agent:"), 60_000);
            LabSubscriber.sh(CREATE);
            LabSubscriber.sh("ls /sys/class/udc > " + GADGET + "/UDC");                      // plug in
            LabSubscriber.await(u, "ADDED", e -> e instanceof UsbEvent x && x.change() == UsbEvent.Change.ADDED, 30_000);
            reset();
            LabSubscriber.await(u, "RESET", e -> e instanceof UsbEvent x && x.change() == UsbEvent.Change.RESET, 30_000);
            LabSubscriber.sh("echo '' > " + GADGET + "/UDC");                                  // unplug
            LabSubscriber.await(u, "REMOVED", e -> e instanceof UsbEvent x && x.change() == UsbEvent.Change.REMOVED, 30_000);
            // A second event for the same unplug (the kernel log's disconnect besides the uevent) would end its burst
            // before a later plug's does: a second stick is the barrier that shows there was none.
            LabSubscriber.sh(CREATE.replace("g1", "g2").replace("WT0001", "WT0002").replace("usb.img", "usb2.img"));
            LabSubscriber.sh("ls /sys/class/udc > " + GADGET.replace("g1", "g2") + "/UDC");
            LabSubscriber.await(u, "the barrier: a second stick ADDED",
                    e -> e instanceof UsbEvent x && x.change() == UsbEvent.Change.ADDED && x.time().isAfter(firstRemoval(u)), 30_000);
        }
        System.out.println("DONE");
        System.exit(LabSubscriber.exitCode());
    }

    private static java.time.Instant firstRemoval(Desktop u) {
        return u.matching(UsbEvent.class, x -> x.change() == UsbEvent.Change.REMOVED).stream().map(UsbEvent::time)
                .findFirst().orElse(java.time.Instant.MAX);
    }

    /** USBDEVFS_RESET = _IO('U', 20) on the newest device node: resets the stick like a driver recovering from errors would. */
    private static void reset() throws Exception {
        Path node;
        try (Stream<Path> nodes = Files.list(Path.of("/dev/bus/usb/001"))) {
            node = nodes.max(Path::compareTo).orElseThrow(); // the newest device number is the stick
        }
        LabSubscriber.sh("/usr/bin/python3 -c 'import fcntl, os; fcntl.ioctl(os.open(\"" + node + "\", os.O_WRONLY), 0x5514, 0)'");
    }
}
