package org.watchtray.agent.lab;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.watchtray.agent.AgentConfig;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/**
 * Runs inside the kernel lab VM: an agent watching USB; a configfs mass-storage gadget is
 * plugged into dummy_hcd, reset through usbfs (the kernel logs "reset high-speed USB device"),
 * and unplugged. Every record the agent sends is printed.
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

    /** USBDEVFS_RESET = _IO('U', 20): resets the device like a driver recovering from errors would. */
    static final long USBDEVFS_RESET = 0x5514;

    public static void main(String[] args) throws Exception {
        try (LabSubscriber u = new LabSubscriber("U", AgentConfig.defaults().withSocket(Path.of("/run/watchtray/u.sock"))
                .onlyUsb(Duration.ofMillis(500)))) {
            if (!u.awaitSnapshot(SourceId.USB)) {
                System.out.println("NO SNAPSHOT");
                return;
            }
            LabSubscriber.sh(CREATE);
            LabSubscriber.sh("ls /sys/class/udc > " + GADGET + "/UDC");                      // plug in
            System.out.println("ADDED " + u.awaitEvent(e -> e instanceof UsbEvent x && x.change() == UsbEvent.Change.ADDED, 15_000));
            reset();
            System.out.println("RESET " + u.awaitEvent(e -> e instanceof UsbEvent x && x.change() == UsbEvent.Change.RESET, 15_000));
            LabSubscriber.sh("echo '' > " + GADGET + "/UDC");                                  // unplug
            System.out.println("REMOVED " + u.awaitEvent(e -> e instanceof UsbEvent x && x.change() == UsbEvent.Change.REMOVED, 15_000));
            Thread.sleep(1000);                                                                // anything late (a second event) shows up
        }
    }

    private static void reset() throws Exception {
        Path node;
        try (Stream<Path> nodes = Files.list(Path.of("/dev/bus/usb/001"))) {
            node = nodes.max(Path::compareTo).orElseThrow(); // the newest device number is the stick
        }
        Libc libc = new LinuxLibc();
        int fd = libc.open(node.toString(), Libc.O_WRONLY, node.toString());
        try {
            libc.ioctl(fd, USBDEVFS_RESET, MemorySegment.NULL, "USBDEVFS_RESET " + node);
            System.out.println("SH reset " + node);
        } finally {
            libc.close(fd);
        }
    }
}
