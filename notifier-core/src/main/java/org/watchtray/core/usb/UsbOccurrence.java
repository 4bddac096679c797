package org.watchtray.core.usb;

import java.time.Instant;
import org.watchtray.core.usb.UsbEvent;

/**
 * One thing the kernel reported about a USB port or device, before bursts are merged.
 *
 * @param port    the device name users see in the kernel log ("1-1.2"), derived from port and hub names
 * @param errno   the negative error number the kernel printed (-71), 0 when none
 */
public record UsbOccurrence(Instant time, UsbEvent.Change change, String port, String product, String message, int errno) {
    public UsbOccurrence {
        product = product == null ? "" : product;
        message = message == null ? "" : message;
    }
}
