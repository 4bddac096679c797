package org.watchtray.core.usb;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.watchtray.core.usb.UsbEvent.Change;
import org.watchtray.core.usb.KmsgRecord;

/**
 * Classifies /dev/kmsg records about USB (wire-formats §5.3). A record qualifies by its
 * dictionary ({@code SUBSYSTEM=usb}), not by searching free text; the one exception is hub
 * port devices ("usb usb1-port3: over-current condition"), which the kernel prints through a
 * pseudo driver "usb" without a bus or class and therefore without a dictionary.
 */
public final class UsbKmsgClassifier {
    /** dev_printk's "<driver> <device>: <text>". */
    private static final Pattern DEV_PRINTK = Pattern.compile("(\\S+) (\\S+): (.*)", Pattern.DOTALL);
    private static final Pattern ON_PORT = Pattern.compile(".* on port (\\d+)\\b.*", Pattern.DOTALL);
    private static final Pattern ERRNO = Pattern.compile(".*?(?:error|err =|status)\\s*(-\\d{1,4})\\b.*", Pattern.DOTALL);

    private record Rule(Pattern pattern, Change change) {
    }

    /** First match wins; a null change means "known, not worth an event". */
    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("new .*USB device number \\d+ using .*"), null),
            new Rule(Pattern.compile("reset .*USB device number \\d+ using .*"), Change.RESET),
            new Rule(Pattern.compile("device descriptor read/\\w+, error -\\d+.*"), Change.ENUMERATION_ERROR),
            new Rule(Pattern.compile("device not accepting address \\d+, error -\\d+.*"), Change.ENUMERATION_ERROR),
            new Rule(Pattern.compile("hub failed to enable device, error -\\d+.*"), Change.ENUMERATION_ERROR),
            new Rule(Pattern.compile("unable to enumerate USB device.*"), Change.CANNOT_ENUMERATE),
            new Rule(Pattern.compile(".*over-current.*", Pattern.CASE_INSENSITIVE), Change.OVER_CURRENT),
            new Rule(Pattern.compile("USB disconnect, device number \\d+.*"), Change.DISCONNECT));

    /**
     * Whether the kernel wrote this record about a USB device: by its dictionary, or as a hub
     * port device's message. Only such records leave watchtray-agent (the rest of the kernel
     * log is not the desktop's business).
     */
    public static boolean isUsb(KmsgRecord record) {
        if (record.facility() != 0) {
            return false; // not the kernel: writes to /dev/kmsg can never claim facility 0 (LOG_KERN)
        }
        Matcher m = DEV_PRINTK.matcher(record.message());
        return m.matches() && (record.subsystem().equals("usb")
                || (record.dictionary().isEmpty() && m.group(1).equals("usb") && UsbPorts.isPortDevice(m.group(2))));
    }

    public Optional<UsbOccurrence> classify(KmsgRecord record, Instant time) {
        if (!isUsb(record)) {
            return Optional.empty();
        }
        Matcher m = DEV_PRINTK.matcher(record.message());
        m.matches();
        String device = m.group(2);
        String text = m.group(3);
        Matcher onPort = ON_PORT.matcher(text);
        int portNumber = onPort.matches() ? Integer.parseInt(onPort.group(1)) : 0;
        String port = UsbPorts.portOf(device, portNumber);
        if (port == null) {
            return Optional.empty();
        }
        Change change = null;
        boolean known = false;
        for (Rule rule : RULES) {
            if (rule.pattern().matcher(text).matches()) {
                change = rule.change();
                known = true;
                break;
            }
        }
        if (!known && record.level() <= KmsgRecord.LEVEL_ERR) {
            change = Change.ERROR; // any other error a USB device logs is worth seeing, verbatim
        }
        if (change == null) {
            return Optional.empty();
        }
        return Optional.of(new UsbOccurrence(time, change, port, "", text, errno(text)));
    }

    static int errno(String text) {
        Matcher m = ERRNO.matcher(text);
        if (!m.matches()) {
            return 0;
        }
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
