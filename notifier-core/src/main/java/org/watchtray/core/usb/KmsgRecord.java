package org.watchtray.core.usb;

import java.util.Map;

/**
 * One /dev/kmsg record (wire-formats §5.1), with the kernel's {@code \xHH} escapes undone.
 *
 * @param facility        syslog facility (0 for the kernel's own messages)
 * @param level           0 emerg … 3 err … 4 warning … 6 info … 7 debug
 * @param sequence        64-bit sequence number; a gap means records were lost
 * @param timestampMicros microseconds since boot (the printk clock, not wall time)
 * @param continuation    the rare 'c' flag: a fragment continuing an earlier record
 * @param caller          "T123" (task) or "C1" (CPU) with CONFIG_PRINTK_CALLER, else ""
 * @param message         the text, one line
 * @param dictionary      continuation lines (SUBSYSTEM, DEVICE, …) in order
 */
public record KmsgRecord(int facility, int level, long sequence, long timestampMicros, boolean continuation,
                         String caller, String message, Map<String, String> dictionary) {

    public static final int LEVEL_ERR = 3;
    public static final int LEVEL_WARNING = 4;

    public KmsgRecord {
        dictionary = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dictionary));
    }

    /** The device's class or bus ("usb", "scsi"), "" when the message carried no dictionary. */
    public String subsystem() {
        return dictionary.getOrDefault("SUBSYSTEM", "");
    }

    /** The device id ("+usb:1-1", "c189:1", "b8:0"), "" when absent. */
    public String device() {
        return dictionary.getOrDefault("DEVICE", "");
    }
}
