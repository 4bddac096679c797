package org.watchtray.agent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.thinpool.ThinPoolReading;
import org.watchtray.core.usb.UsbReading;

/** Readings as the kernel sources take them, built from the kernel's own formats (shapes captured in the kernel lab). */
final class Readings {
    static final String LVM_UUID = "LVM-" + "a".repeat(32) + "b".repeat(32) + "-tpool";
    /** A 1024-block pool with a low-water mark of 768 free blocks, as the lab's pool. */
    static final String TABLE = "7:0 7:1 128 768 1 error_if_no_space";

    private Readings() {
    }

    /** A status reading of LVM's pool vg0/pool at {@code usedBlocks} of 1024 data blocks. */
    static ThinPoolReading.Status pool(Instant time, int usedBlocks) {
        return new ThinPoolReading.Status(time, "vg0-pool-tpool", LVM_UUID, TABLE,
                "0 214/2048 " + usedBlocks + "/1024 - rw discard_passdown error_if_no_space - 512 ");
    }

    /** One /dev/kmsg record of the kernel's USB core about {@code port}. */
    static UsbReading.KernelLogRecord kmsg(Instant time, long sequence, int level, String port, String text) {
        String record = level + "," + sequence + "," + (sequence * 1000) + ",-;usb " + port + ": " + text
                + "\n SUBSYSTEM=usb\n DEVICE=+usb:" + port + "\n";
        return new UsbReading.KernelLogRecord(time, new Bytes(record.getBytes(StandardCharsets.UTF_8)));
    }

    /** The enumeration error a flaky stick on {@code port} causes. */
    static UsbReading.KernelLogRecord descriptorError(Instant time, long sequence, String port) {
        return kmsg(time, sequence, 3, port, "device descriptor read/64, error -71");
    }

    /** A kernel "add" or "remove" uevent for a USB device on {@code port} (bus 2). */
    static UsbReading.UeventDatagram uevent(Instant time, String action, String port, String product, long seqnum) {
        String devpath = "/devices/pci0000:00/0000:00:14.0/usb2/" + port;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : new String[] {action + "@" + devpath, "ACTION=" + action, "DEVPATH=" + devpath, "SUBSYSTEM=usb",
            "DEVTYPE=usb_device", "PRODUCT=17ef/1010/5011", "SEQNUM=" + seqnum}) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return new UsbReading.UeventDatagram(time, new Bytes(out.toByteArray()), product);
    }
}
