package org.watchtray.core.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.watchtray.core.usb.UsbEvent.Change;
import org.watchtray.core.usb.KmsgParser;

class UsbKmsgClassifierTest {
    private static final Instant T = Instant.EPOCH;
    private final UsbKmsgClassifier classifier = new UsbKmsgClassifier();

    private Optional<UsbOccurrence> classify(String record) {
        return classifier.classify(KmsgParser.parse(record.getBytes(StandardCharsets.UTF_8)).orElseThrow(), T);
    }

    /** A USB record as dev_printk writes it for a device on the usb bus. */
    private static String usb(int level, String device, String text) {
        return level + ",1,1,-;usb " + device + ": " + text + "\n SUBSYSTEM=usb\n DEVICE=+usb:" + device + "\n";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "3|1-1|device descriptor read/64, error -71|ENUMERATION_ERROR|1-1|-71",
        "3|1-1|device descriptor read/8, error -110|ENUMERATION_ERROR|1-1|-110",
        "3|2-1.4|device not accepting address 9, error -62|ENUMERATION_ERROR|2-1.4|-62",
        "3|1-3|hub failed to enable device, error -22|ENUMERATION_ERROR|1-3|-22",
        "6|1-1|reset high-speed USB device number 2 using xhci_hcd|RESET|1-1|0",
        "6|1-1|USB disconnect, device number 2|DISCONNECT|1-1|0",
        "3|1-1|cannot reset (err = -32)|ERROR|1-1|-32",
        "3|1-1:1.0|usbfs: process 77 (x) did not claim interface 0 before use|ERROR|1-1|0",
    })
    void classifiesHubMessages(int level, String device, String text, Change change, String port, int errno) {
        UsbOccurrence o = classify(usb(level, device, text)).orElseThrow();
        assertEquals(change, o.change());
        assertEquals(port, o.port());
        assertEquals(errno, o.errno());
        assertEquals(text, o.message());
    }

    @Test
    void portDevicesHaveNoDictionaryButAreRecognisedByTheirName() {
        // "usb usb1-port3:" — hub.c prints port devices through the pseudo driver "usb", no bus, no class
        UsbOccurrence o = classify("3,1,1,-;usb usb1-port3: over-current condition\n").orElseThrow();
        assertEquals(Change.OVER_CURRENT, o.change());
        assertEquals("1-3", o.port());
        assertEquals("1-1.2", classify("3,1,1,-;usb 1-1-port2: Cannot enable. Maybe the USB cable is bad?\n").orElseThrow().port());
    }

    @Test
    void oldKernelsNameThePortInTheHubMessage() {
        String rec = "3,1,1,-;hub 1-0:1.0: unable to enumerate USB device on port 4\n SUBSYSTEM=usb\n DEVICE=+usb:1-0:1.0\n";
        UsbOccurrence o = classify(rec).orElseThrow();
        assertEquals(Change.CANNOT_ENUMERATE, o.change());
        assertEquals("1-4", o.port());
        String nested = "3,1,1,-;hub 2-1:1.0: over-current condition on port 3\n SUBSYSTEM=usb\n DEVICE=+usb:2-1:1.0\n";
        assertEquals("2-1.3", classify(nested).orElseThrow().port());
    }

    @Test
    void ignoresInformationalUsbMessagesAndOtherSubsystems() {
        assertEquals(Optional.empty(), classify(KmsgSamples.USB_NEW));
        assertEquals(Optional.empty(), classify("6,1,1,-;hub 1-0:1.0: USB hub found\n SUBSYSTEM=usb\n DEVICE=+usb:1-0:1.0\n"));
        assertEquals(Optional.empty(), classify("3,1,1,-;sd 0:0:0:0: [sda] error -71\n SUBSYSTEM=scsi\n DEVICE=+scsi:0:0:0:0\n"));
        assertEquals(Optional.empty(), classify("3,1,1,-;usb 1-1: device descriptor read/64, error -71\n")); // free text, no dictionary
        assertEquals(Optional.empty(), classify("3,1,1,-;no device prefix here\n SUBSYSTEM=usb\n"));
        assertEquals(Optional.empty(), classify("3,1,1,-;usb weird-name: error -71\n SUBSYSTEM=usb\n"));
        // priority 11 = facility 1 (user) level 3: a process wrote it to /dev/kmsg; the kernel never uses facility 1
        assertEquals(Optional.empty(), classify("11,1,1,-;usb usb1-port3: over-current condition\n"));
    }
}
