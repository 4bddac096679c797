package org.watchtray.core.usb;

/** Kernel-log records captured in the kernel lab (dummy_hcd), shared by the USB tests. */
final class KmsgSamples {
    private KmsgSamples() {
    }

    /** level 6, seq 289, 7.78 s after boot; after enumeration the device has char major 189 (DEVICE=c189:1). */
    static final String USB_DISCONNECT = "6,289,7777997,-;usb 1-1: USB disconnect, device number 2\n SUBSYSTEM=usb\n DEVICE=c189:1\n";
    /** The start of enumeration: during it the device has no dev_t yet (DEVICE=+usb:1-1). */
    static final String USB_NEW = "6,279,4446944,-;usb 1-1: new high-speed USB device number 2 using dummy_hcd\n SUBSYSTEM=usb\n DEVICE=+usb:1-1\n";
}
